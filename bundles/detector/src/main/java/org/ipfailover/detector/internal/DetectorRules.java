package org.ipfailover.detector.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;

/**
 * What the detector refuses in the node's configuration and in a group's, for {@code ipfailover
 * check-config}. Whether a group's interfaces exist is not asked here: the node asks its network
 * backend, which may manage another network namespace; check-config looks at them itself.
 */
public final class DetectorRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(NodeConfig.PID, GroupConfig.FACTORY_PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            if (pid.equals(NodeConfig.PID)) {
                DetectorSettings.of(ConfigurationValues.of(NodeConfig.class, properties), properties,
                        path -> home.resolve(path).toAbsolutePath().normalize(), problem -> { });
                return List.of();
            }
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(GroupConfig.class).orThrow();
            GroupSettings.of(ConfigurationValues.of(GroupConfig.class, properties), properties, check);
            return check.problems();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
