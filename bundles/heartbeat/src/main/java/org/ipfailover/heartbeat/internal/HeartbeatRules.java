package org.ipfailover.heartbeat.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;

/** What the heartbeat refuses in the node's configuration (its key file included), for {@code ipfailover check-config}. */
public final class HeartbeatRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(NodeConfig.PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            HeartbeatSettings.of(ConfigurationValues.of(NodeConfig.class, properties), properties,
                    path -> home.resolve(path).toAbsolutePath().normalize(), problem -> { });
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
