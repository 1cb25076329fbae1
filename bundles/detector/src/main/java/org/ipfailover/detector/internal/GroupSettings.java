package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;

/** One group's configuration, checked. */
record GroupSettings(String name, List<String> nodes, List<Vip> vips, boolean manualFailback, long failbackDelayMillis,
        long retryDelayMillis, boolean enabled) {

    GroupSettings {
        nodes = List.copyOf(nodes);
        vips = List.copyOf(vips);
    }

    /** @return the node's rank: 0 for the primary, -1 when the node is not in the group */
    int rank(String node) {
        return nodes.indexOf(node);
    }

    /** @return the node's priority on the wire: 255 for the primary, one less per rank */
    int priority(String node) {
        int rank = rank(node);
        return rank < 0 ? 0 : 255 - rank;
    }

    String primary() {
        return nodes.get(0);
    }

    static GroupSettings of(GroupConfig config, Map<String, ?> properties, ConfigurationCheck check) {
        String name = config.name().isBlank() ? nameFromFile(properties) : config.name().trim();
        check.check(name != null && name.matches("[A-Za-z0-9_.-]{1,64}"), "name",
                "\"" + name + "\" is not a group name (letters, digits, _ . -; at most 64)");
        List<String> nodes = split(config.nodes());
        check.check(!nodes.isEmpty(), "nodes", "must name the primary and at least one backup, e.g. nodes = pri, sec");
        check.check(nodes.stream().distinct().count() == nodes.size(), "nodes", "names a node twice: " + nodes);
        check.check(nodes.size() <= 16, "nodes", "names more than 16 nodes");
        List<Vip> vips = new ArrayList<>();
        for (String text : split(config.vips())) {
            try {
                vips.add(Vip.parse(text));
            } catch (IllegalArgumentException e) {
                check.problem("vips", e.getMessage());
            }
        }
        check.check(!split(config.vips()).isEmpty(), "vips", "must name at least one address, e.g. vips = eth0:198.51.100.10/24");
        check.check(config.failbackDelay() >= 0, "failbackDelay", "must not be negative");
        check.check(config.retryDelay() >= 100, "retryDelay", "must be at least 100 ms");
        return new GroupSettings(name, nodes, vips, config.failback() == GroupConfig.Failback.manual,
                config.failbackDelay(), config.retryDelay(), config.enabled());
    }

    /** A named factory configuration (org.ipfailover.group~web) or FileInstall's file (org.ipfailover.group-web.cfg). */
    private static String nameFromFile(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(GroupConfig.FACTORY_PID + "~")) {
            return pid.toString().substring(GroupConfig.FACTORY_PID.length() + 1);
        }
        String source = ConfigurationCheck.sourceOf(properties);
        String file = source.substring(source.lastIndexOf('/') + 1);
        String prefix = GroupConfig.FACTORY_PID + "-";
        if (file.startsWith(prefix) && file.endsWith(".cfg")) {
            return file.substring(prefix.length(), file.length() - ".cfg".length());
        }
        if (file.startsWith(prefix) && file.endsWith(".config")) {
            return file.substring(prefix.length(), file.length() - ".config".length());
        }
        return null;
    }

    static List<String> split(String[] values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }
}
