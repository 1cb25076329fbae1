package org.ipfailover.checks.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.StrictModes;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** One {@code org.ipfailover.check.script} configuration: a health check that runs a program. */
@Component(configurationPid = ScriptCheckConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ScriptCheckConfig.class, factory = true)
public class ScriptCheck {
    private final BundleContext context;
    private final ProcessRunner processes = new ProcessRunner("ipfailover-check-script");
    private final CheckService service = new CheckService(ScriptCheckConfig.FACTORY_PID, "script", ScriptCheckConfig.class);

    @Activate
    public ScriptCheck(BundleContext context, ScriptCheckConfig config, Map<String, Object> properties) {
        this.context = context;
        configure(config, properties);
    }

    @Modified
    void configure(ScriptCheckConfig config, Map<String, Object> properties) {
        service.configure(context, properties, (check, guarding) -> probe(processes, config, properties, check, guarding));
    }

    @Deactivate
    void deactivate() {
        service.unregister();
        processes.close();
    }

    /** @param processes runs the program; null where the probe is only checked (check-config) */
    static ScriptProbe probe(ProcessRunner processes, ScriptCheckConfig config, Map<String, ?> properties, ConfigurationCheck check,
            Guarding guarding) {
        List<String> command = List.of();
        try {
            command = CommandLine.arguments(ConfigurationCheck.texts(properties.get("command")));
        } catch (IllegalArgumentException e) {
            check.problem("command", e.getMessage());
            return null;
        }
        if (command.isEmpty()) {
            check.problem("command", "is missing: the program to run, by absolute path, and its arguments");
            return null;
        }
        check.check(Path.of(command.get(0)).isAbsolute(), "command", "\"" + command.get(0) + "\" is not an absolute path");
        ScriptProbe probe = new ScriptProbe(guarding.name(), command, Duration.ofMillis(guarding.timeout()),
                StrictModes.forThisUser(config.strictModes()), processes);
        if (check.problems().isEmpty()) {
            probe.refusal();
        }
        return probe;
    }
}
