package org.ipfailover.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The address monitors of the node hosts, started before the nodes: who had an address configured
 * when, how often it moved, and how long it was on two hosts or more at once.
 */
final class HolderWatch {
    record Change(String host, AddressMonitor.Change change) {
    }

    private final Map<String, AddressMonitor> monitors;
    private final String address;
    private final boolean owner;

    /** Watches the VIP on pri and sec with monitors of its own. */
    HolderWatch(NetnsLab lab) throws IOException {
        this(Map.of("pri", lab.monitor("pri"), "sec", lab.monitor("sec")), NetnsLab.VIP, true);
    }

    /** Watches an address on the hosts of the monitors given, which others may share (they are not stopped here). */
    HolderWatch(Map<String, AddressMonitor> monitors, String address) {
        this(monitors, address, false);
    }

    private HolderWatch(Map<String, AddressMonitor> monitors, String address, boolean owner) {
        this.monitors = new LinkedHashMap<>(monitors);
        this.address = address;
        this.owner = owner;
    }

    /** @return every host's changes of the address, in time order */
    List<Change> changes() throws IOException {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, AddressMonitor> monitor : monitors.entrySet()) {
            monitor.getValue().changes(address).forEach(c -> changes.add(new Change(monitor.getKey(), c)));
        }
        changes.sort(Comparator.comparingLong(c -> c.change().micros()));
        return changes;
    }

    /** @return the changes after the time */
    List<Change> after(long micros) throws IOException {
        return changes().stream().filter(c -> c.change().micros() > micros).toList();
    }

    /** @return how many times the address was added to a host after the time: each one is a move (or the first start) */
    long additionsAfter(long micros) throws IOException {
        return after(micros).stream().filter(c -> c.change().added()).count();
    }

    /** @return when the address was first added to (or removed from) the host after the time, or -1 */
    long first(String host, boolean added, long afterMicros) throws IOException {
        return after(afterMicros).stream().filter(c -> c.host().equals(host) && c.change().added() == added)
                .mapToLong(c -> c.change().micros()).findFirst().orElse(-1);
    }

    /** @return microseconds the address was configured on two hosts or more at once, over everything the monitors saw */
    long bothMicros() throws IOException {
        Set<String> holding = new HashSet<>();
        long since = -1;
        long total = 0;
        for (Change change : changes()) {
            if (change.change().added()) {
                holding.add(change.host());
            } else {
                holding.remove(change.host());
            }
            if (holding.size() >= 2 && since < 0) {
                since = change.change().micros();
            } else if (holding.size() < 2 && since >= 0) {
                total += change.change().micros() - since;
                since = -1;
            }
        }
        return since < 0 ? total : total + LabSuite.nowMicros() - since;
    }

    void stop() throws InterruptedException {
        if (owner) {
            for (AddressMonitor monitor : monitors.values()) {
                monitor.stop();
            }
        }
    }
}
