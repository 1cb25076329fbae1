package org.ipfailover.quorum.zookeeper.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;

/** What the ZooKeeper quorum refuses in its configuration (its digest file included), for {@code ipfailover check-config}. */
public final class QuorumRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(QuorumConfig.PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(QuorumConfig.class).orThrow();
            QuorumSettings.of(ConfigurationValues.of(QuorumConfig.class, properties), "check-config",
                    path -> home.resolve(path).toAbsolutePath().normalize(), check);
            return check.problems();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
