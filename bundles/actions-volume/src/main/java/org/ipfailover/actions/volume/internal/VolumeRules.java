package org.ipfailover.actions.volume.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;

/** What the volume action refuses in its configuration, for {@code ipfailover check-config}; what it only warns about (a mount point this host lacks) is no problem here either. */
public final class VolumeRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(VolumeConfig.FACTORY_PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(VolumeConfig.class);
        if (check.problems().isEmpty()) {
            VolumeSettings.of(ConfigurationValues.of(VolumeConfig.class, properties), check, ConfigurationCheck.of(properties),
                    VolumeSettings.MACOS);
        }
        return check.problems();
    }
}
