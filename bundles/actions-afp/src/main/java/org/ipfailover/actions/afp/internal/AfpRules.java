package org.ipfailover.actions.afp.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;

/** What the AFP action refuses in its configuration, for {@code ipfailover check-config}; what it only warns about is no problem here either. */
public final class AfpRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(AfpConfig.PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(AfpConfig.class);
        if (check.problems().isEmpty()) {
            AfpSettings.of(ConfigurationValues.of(AfpConfig.class, properties), check, ConfigurationCheck.of(properties),
                    path -> home.resolve(path).toAbsolutePath().normalize());
        }
        return check.problems();
    }
}
