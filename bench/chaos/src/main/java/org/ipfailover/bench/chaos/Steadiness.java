package org.ipfailover.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether the lab is in its steady state, the one every campaign starts from and most faults wait for. */
final class Steadiness {
    private final List<String> hosts;
    private final List<Group> groups;
    private final Map<String, Daemon> daemons;
    private final StatusWatch status;
    private final AddressWatch addresses;
    private final Map<String, ProbeWatch> probes;

    Steadiness(List<String> hosts, List<Group> groups, Map<String, Daemon> daemons, StatusWatch status, AddressWatch addresses,
            Map<String, ProbeWatch> probes) {
        this.hosts = hosts;
        this.groups = groups;
        this.daemons = daemons;
        this.status = status;
        this.addresses = addresses;
        this.probes = probes;
    }

    /** Every group UP on its primary only, the other nodes STANDBY, the VIP on the primary only, the client answered by it. */
    boolean steady() {
        for (Daemon daemon : daemons.values()) {
            if (!daemon.running() || !status.answering(daemon.host(), 1000)) {
                return false;
            }
        }
        for (Group group : groups) {
            for (String host : hosts) {
                StatusWatch.Seen seen = status.seen(host, group.name());
                boolean primary = host.equals(group.primary());
                if (seen == null || !seen.state().equals(primary ? "UP" : "STANDBY") || addresses.holds(host, group.vip()) != primary) {
                    return false;
                }
            }
            if (!probes.get(group.vip()).onlyFrom(group.primary(), 300)) {
                return false;
            }
        }
        return true;
    }

    boolean settle(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (steady()) {
                return true;
            }
            Clock.sleepMillis(100);
        }
        return false;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        for (Group group : groups) {
            List<String> states = new ArrayList<>();
            for (String host : hosts) {
                StatusWatch.Seen seen = status.seen(host, group.name());
                states.add(host + " " + (seen == null ? "?" : seen.state()) + (addresses.holds(host, group.vip()) ? " (holds the VIP)" : "")
                        + (status.answering(host, 1000) ? "" : " (not answering)"));
            }
            parts.add(group.name() + ": " + String.join(", ", states));
        }
        return String.join("; ", parts);
    }
}
