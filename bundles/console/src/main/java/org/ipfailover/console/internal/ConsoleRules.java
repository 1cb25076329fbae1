package org.ipfailover.console.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;

/** What the control socket refuses in its configuration, for {@code ipfailover check-config}. */
public final class ConsoleRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(ControlSocketServer.PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        return ControlSocketServer.problems(ConfigurationValues.of(ControlSocketServer.Config.class, properties), properties);
    }
}
