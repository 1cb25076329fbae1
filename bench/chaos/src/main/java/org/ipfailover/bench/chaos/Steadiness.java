package org.ipfailover.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Whether the lab is in its steady state, the one every campaign starts from and most faults wait for. */
final class Steadiness {
    private static final long READY_AFTER_START_MICROS = 1_500_000;
    private final List<String> hosts;
    private final List<Group> groups;
    private final Map<String, Daemon> daemons;
    private final StatusWatch status;
    private final AddressWatch addresses;
    private final Map<String, ProbeWatch> probes;
    private final Predicate<String> cablesIn;

    Steadiness(List<String> hosts, List<Group> groups, Map<String, Daemon> daemons, StatusWatch status, AddressWatch addresses,
            Map<String, ProbeWatch> probes, Predicate<String> cablesIn) {
        this.hosts = hosts;
        this.groups = groups;
        this.daemons = daemons;
        this.status = status;
        this.addresses = addresses;
        this.probes = probes;
        this.cablesIn = cablesIn;
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

    /**
     * A node able to take a group over: running, not frozen, both cables in, answering, deciding,
     * and started long enough ago to have listened its first dead time.
     */
    boolean ready(String host) {
        Daemon daemon = daemons.get(host);
        return daemon.running() && !daemon.paused() && cablesIn.test(host) && status.answering(host, 1000)
                && status.deciding(host, daemon.incarnation()) && Clock.nowMicros() - daemon.startedMicros() >= READY_AFTER_START_MICROS;
    }

    /**
     * Waits until a node other than the fault's target is ready, so that no fault takes the last
     * node able to serve out of play: a window in which no node runs says nothing about ipfailover.
     */
    boolean awaitAnotherReady(String target, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (hosts.stream().noneMatch(host -> !host.equals(target) && ready(host))) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Clock.sleepMillis(50);
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
