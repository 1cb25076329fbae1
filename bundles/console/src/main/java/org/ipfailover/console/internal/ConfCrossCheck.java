package org.ipfailover.console.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.NetworkDefinition;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;

/**
 * What check-config finds across the files and on this host: a group that does not name this
 * node (the node ignores it), two files for one group, one node id spelt in two cases, addresses
 * and tracked interfaces on interfaces this host lacks, heartbeats bound to an address no
 * interface has. The interfaces are not looked at when the network backend manages another
 * network namespace ({@code namespace} of {@code org.ipfailover.netif}).
 */
final class ConfCrossCheck {
    static final String GROUP = GroupNodes.FACTORY_PID;
    static final String NETIF = "org.ipfailover.netif";

    /** A node id as one group file first spells it. */
    private record NodeId(String id, ConfFile file) {
    }

    private ConfCrossCheck() {
    }

    static void check(List<ConfFile> files, ConfProblems problems) {
        ConfFile node = files.stream().filter(f -> f.pid().equals(NodeConfig.PID)).findFirst().orElse(null);
        String nodeId = NodeHome.nodeId(node == null ? null : node.text("id"));
        boolean hostInterfaces = files.stream().filter(f -> f.pid().equals(NETIF)).map(f -> f.text("namespace"))
                .allMatch(namespace -> namespace == null || namespace.isBlank());
        Map<String, ConfFile> groupNames = new HashMap<>();
        Map<String, NodeId> idsByLowerCase = new HashMap<>();
        for (ConfFile group : files.stream().filter(f -> GROUP.equals(f.factoryPid())).toList()) {
            String source = group.source();
            String name = group.text("name") != null && !group.text("name").isBlank() ? group.text("name").trim() : group.name();
            ConfFile other = groupNames.putIfAbsent(name, group);
            if (other != null) {
                problems.add(source, "name", "group " + name + " is defined in " + other.source() + " too: the node keeps one of them");
            }
            List<String> nodes = ConfigurationCheck.items(group.properties().get("nodes"));
            if (!nodes.isEmpty() && !nodes.contains(nodeId) && !problems.has(source, "nodes")) {
                String closest = ClosestKey.of(nodeId, nodes);
                problems.add(source, "nodes", String.join(", ", nodes) + " does not name this node, " + nodeId
                        + (node != null && node.text("id") != null && !node.text("id").isBlank() ? " (id in " + node.source() + ")"
                                : " (its host name: no id in org.ipfailover.node.cfg)")
                        + ": the node ignores the group" + (closest != null ? " (did you mean " + nodeId + " for " + closest + "?)"
                                : "; keep the file off hosts it does not name"));
            }
            for (String id : nodes) {
                NodeId seen = idsByLowerCase.putIfAbsent(id.toLowerCase(Locale.ROOT), new NodeId(id, group));
                if (seen != null && !seen.id().equals(id) && !problems.has(source, "nodes")) {
                    problems.add(source, "nodes", "node " + id + " is " + seen.id() + " in " + seen.file().source()
                            + ": ids are case-sensitive, so these are two nodes (one node spelt two ways?)");
                }
            }
            if (hostInterfaces) {
                interfaces(group, problems);
            }
        }
        if (node != null && hostInterfaces) {
            binds(node, problems);
        }
    }

    private static void interfaces(ConfFile group, ConfProblems problems) {
        String source = group.source();
        for (String text : ConfigurationCheck.items(group.properties().get("vips"))) {
            Vip vip;
            try {
                vip = Vip.parse(text);
            } catch (IllegalArgumentException unparsed) {
                continue;
            }
            if (!HostInterfaces.present(vip.device()) && !problems.has(source, "vips")) {
                problems.add(source, "vips", vip + " names interface " + vip.device() + ", which this host does not have"
                        + HostInterfaces.hint());
            }
        }
        for (String device : ConfigurationCheck.items(group.properties().get("trackInterfaces"))) {
            if (!HostInterfaces.present(device) && !problems.has(source, "trackInterfaces")) {
                problems.add(source, "trackInterfaces", "interface " + device + " is not on this host" + HostInterfaces.hint()
                        + ": the node would count it down and be unhealthy for the group");
            }
        }
    }

    private static void binds(ConfFile node, ConfProblems problems) {
        String source = node.source();
        if (problems.has(source, "networks") || problems.has(source, "bind") || problems.has(source, "port")) {
            return;
        }
        List<NetworkDefinition> networks;
        try {
            networks = NetworkDefinition.parse(ConfigurationCheck.texts(node.properties().get("networks")).toArray(String[]::new),
                    ConfigurationCheck.texts(node.properties().get("bind")).toArray(String[]::new), NodeConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException unparsed) {
            return;
        }
        for (NetworkDefinition network : networks) {
            InetAddress bind = network.bind();
            if (bind != null && !bind.isAnyLocalAddress() && !HostInterfaces.holds(bind)) {
                problems.add(source, "bind", "network " + network.name() + " is bound to " + bind.getHostAddress()
                        + ", which no interface of this host has");
            }
        }
    }
}
