package org.ipfailover.checks.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;

/** What the service checks refuse in their configurations, for {@code ipfailover check-config}: the probes are made, never run. */
public final class ChecksRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(ScriptCheckConfig.FACTORY_PID, TcpCheckConfig.FACTORY_PID, HttpCheckConfig.FACTORY_PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        CheckService.Parsed parsed = switch (pid) {
            case ScriptCheckConfig.FACTORY_PID -> CheckService.parse(properties, pid, "script", ScriptCheckConfig.class,
                    (check, guarding) -> ScriptCheck.probe(null, ConfigurationValues.of(ScriptCheckConfig.class, properties), properties,
                            check, guarding));
            case TcpCheckConfig.FACTORY_PID -> CheckService.parse(properties, pid, "tcp", TcpCheckConfig.class,
                    (check, guarding) -> TcpCheck.probe(null, ConfigurationValues.of(TcpCheckConfig.class, properties), properties,
                            check, guarding));
            default -> CheckService.parse(properties, pid, "http", HttpCheckConfig.class,
                    (check, guarding) -> HttpCheck.probe(null, ConfigurationValues.of(HttpCheckConfig.class, properties), check,
                            guarding));
        };
        return parsed.check().problems();
    }
}
