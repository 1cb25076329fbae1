package org.ipfailover.netif.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.config.ConfigurationRules;
import org.ipfailover.api.config.ConfigurationValues;
import org.ipfailover.api.config.InvalidConfigurationException;

/** What the network backend refuses in its configuration, for {@code ipfailover check-config}. */
public final class NetifRules implements ConfigurationRules {
    @Override
    public Set<String> pids() {
        return Set.of(NetifConfig.PID);
    }

    @Override
    public List<String> problems(String pid, Map<String, Object> properties, Path home) {
        try {
            NetifSettings.of(ConfigurationValues.of(NetifConfig.class, properties), properties, System.getProperty("os.name"),
                    problem -> { });
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
