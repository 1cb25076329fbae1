package org.ipfailover.actions.shell.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;

/** What the shell action refuses in its configuration, for {@code ipfailover check-config}. */
public final class ShellRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(ShellConfig.FACTORY_PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(ShellConfig.class).orThrow();
            ShellSettings.of(ConfigurationValues.of(ShellConfig.class, properties), properties, check);
            return check.problems();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
