package org.ipfailover.console.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The node ids of each group, in priority order, read from the groups' configurations: the
 * detector's {@code GroupStatus} carries this node's priority only.
 */
final class GroupNodes {
    static final String FACTORY_PID = "org.ipfailover.group";

    private GroupNodes() {
    }

    /** @return group name to its node ids; empty when ConfigAdmin is absent */
    static Map<String, List<String>> of(ConfigurationAdmin configAdmin) {
        Map<String, List<String>> nodes = new HashMap<>();
        if (configAdmin == null) {
            return nodes;
        }
        Configuration[] configurations;
        try {
            configurations = configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        } catch (IOException | InvalidSyntaxException e) {
            return nodes;
        }
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                continue;
            }
            String name = ConfigurationCheck.instanceNameOf(Dictionaries.map(properties), FACTORY_PID).orElse(null);
            Object configured = properties.get("name");
            if (configured != null && !configured.toString().isBlank()) {
                name = configured.toString().trim();
            }
            if (name != null) {
                nodes.put(name, ConfigurationCheck.items(properties.get("nodes")));
            }
        }
        return nodes;
    }
}
