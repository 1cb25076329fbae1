package org.ipfailover.bench.chaos;

import java.util.List;

/** A group of the lab: its VIP on eth0 and its nodes in priority order (the first is its primary). */
record Group(String name, String vip, List<String> nodes) {

    /** A pair in mutual backup; with three nodes, ter is the second backup of both groups. */
    static List<Group> of(List<String> hosts) {
        if (hosts.size() == 3) {
            return List.of(new Group("web", "198.51.100.10", List.of("pri", "sec", "ter")),
                    new Group("db", "198.51.100.11", List.of("sec", "ter", "pri")));
        }
        return List.of(new Group("web", "198.51.100.10", List.of("pri", "sec")),
                new Group("db", "198.51.100.11", List.of("sec", "pri")));
    }

    String primary() {
        return nodes.get(0);
    }

    String fileName() {
        return "org.ipfailover.group-" + name + ".cfg";
    }
}
