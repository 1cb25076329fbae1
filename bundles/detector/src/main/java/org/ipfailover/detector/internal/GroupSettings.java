package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * One group's configuration, checked.
 *
 * @param trackLinks whether the interfaces of the group's addresses are watched
 * @param trackInterfaces more interfaces watched for the group
 */
record GroupSettings(String name, List<String> nodes, List<Vip> vips, boolean manualFailback, long failbackDelayMillis,
        long retryDelayMillis, boolean enabled, boolean trackLinks, List<String> trackInterfaces) {

    GroupSettings {
        nodes = List.copyOf(nodes);
        vips = List.copyOf(vips);
        trackInterfaces = List.copyOf(trackInterfaces);
    }

    /** A group whose addresses' interfaces are tracked, and no other interface. */
    GroupSettings(String name, List<String> nodes, List<Vip> vips, boolean manualFailback, long failbackDelayMillis,
            long retryDelayMillis, boolean enabled) {
        this(name, nodes, vips, manualFailback, failbackDelayMillis, retryDelayMillis, enabled, true, List.of());
    }

    /** @return the interfaces whose links guard the group, in order, each once */
    java.util.Set<String> trackedDevices() {
        java.util.Set<String> devices = new java.util.TreeSet<>();
        if (trackLinks) {
            vips.forEach(vip -> devices.add(vip.device()));
        }
        devices.addAll(trackInterfaces);
        return devices;
    }

    /** @return the node's rank: 0 for the primary, -1 when the node is not in the group */
    int rank(String node) {
        return nodes.indexOf(node);
    }

    static final int PRIMARY_PRIORITY = 255;

    /** @return the node's priority on the wire: 255 for the primary, one less per rank */
    int priority(String node) {
        int rank = rank(node);
        return rank < 0 ? 0 : PRIMARY_PRIORITY - rank;
    }

    /**
     * A digest of what the nodes of a group must agree on, one byte per part, so that a node can
     * say which part differs: byte 3 the nodes in order, byte 2 the addresses, byte 1 the failback
     * rule, byte 0 a format mark (never 0, so that 0 means "none given").
     */
    int fingerprint() {
        List<String> addresses = vips.stream().map(Vip::toString).sorted().toList();
        return byteOf(nodes.hashCode()) << 24 | byteOf(addresses.hashCode()) << 16
                | byteOf(Boolean.hashCode(manualFailback) * 31 + Long.hashCode(failbackDelayMillis)) << 8 | FINGERPRINT_MARK;
    }

    static final int FINGERPRINT_MARK = 1;

    /** @return the parts in which two fingerprints differ, e.g. [nodes, vips]; empty when they agree */
    static List<String> differences(int mine, int theirs) {
        List<String> parts = new ArrayList<>();
        String[] names = {"format", "failback", "vips", "nodes"};
        for (int part = 3; part >= 0; part--) {
            if ((mine >>> (part * 8) & 0xFF) != (theirs >>> (part * 8) & 0xFF)) {
                parts.add(names[part]);
            }
        }
        return parts;
    }

    private static int byteOf(int hash) {
        int mixed = hash ^ hash >>> 16;
        return (mixed ^ mixed >>> 8) & 0xFF;
    }

    String primary() {
        return nodes.get(0);
    }

    static GroupSettings of(GroupConfig config, Map<String, ?> properties, ConfigurationCheck check) {
        String name = config.name().isBlank()
                ? ConfigurationCheck.instanceNameOf(properties, GroupConfig.FACTORY_PID).orElse(null) : config.name().trim();
        check.check(name != null && name.matches("[A-Za-z0-9_.-]{1,64}"), "name",
                "\"" + name + "\" is not a group name (letters, digits, _ . -; at most 64)");
        List<String> nodes = ConfigurationCheck.items(config.nodes());
        check.check(!nodes.isEmpty(), "nodes", "must name the primary and at least one backup, e.g. nodes = pri, sec");
        check.check(nodes.stream().distinct().count() == nodes.size(), "nodes", "names a node twice: " + nodes);
        check.check(nodes.size() <= 16, "nodes", "names more than 16 nodes");
        List<Vip> vips = new ArrayList<>();
        for (String text : ConfigurationCheck.items(config.vips())) {
            if (!text.contains("/")) {
                check.problem("vips", "\"" + text + "\" has no prefix length: write it as the interface's subnet has it, e.g. "
                        + text + "/24 (a wrong prefix changes which hosts the address reaches)");
                continue;
            }
            try {
                vips.add(Vip.parse(text));
            } catch (IllegalArgumentException e) {
                check.problem("vips", e.getMessage());
            }
        }
        check.check(!ConfigurationCheck.items(config.vips()).isEmpty(), "vips",
                "must name at least one address, e.g. vips = eth0:198.51.100.10/24");
        check.check(config.failbackDelay() >= 0, "failbackDelay", "must not be negative");
        check.check(config.retryDelay() >= 100, "retryDelay", "must be at least 100 ms");
        List<String> tracked = ConfigurationCheck.items(config.trackInterfaces());
        for (String device : tracked) {
            check.check(device.matches("[^\\s/:]{1,15}"), "trackInterfaces", "\"" + device + "\" is not an interface name");
        }
        return new GroupSettings(name, nodes, vips, config.failback() == GroupConfig.Failback.manual,
                config.failbackDelay(), config.retryDelay(), config.enabled(), config.trackLinks(), tracked);
    }
}
