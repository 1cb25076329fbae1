package org.ipfailover.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The address monitors of pri and sec, started before the nodes: who had the VIP configured when,
 * how often it moved, and how long it was on both hosts.
 */
final class HolderWatch {
    record Change(String host, AddressMonitor.Change change) {
    }

    private final AddressMonitor pri;
    private final AddressMonitor sec;

    HolderWatch(NetnsLab lab) throws IOException {
        this.pri = lab.monitor("pri");
        this.sec = lab.monitor("sec");
    }

    /** @return both hosts' changes of the VIP, in time order */
    List<Change> changes() throws IOException {
        List<Change> changes = new ArrayList<>();
        pri.changes(NetnsLab.VIP).forEach(c -> changes.add(new Change("pri", c)));
        sec.changes(NetnsLab.VIP).forEach(c -> changes.add(new Change("sec", c)));
        changes.sort(Comparator.comparingLong(c -> c.change().micros()));
        return changes;
    }

    /** @return the changes after the time */
    List<Change> after(long micros) throws IOException {
        return changes().stream().filter(c -> c.change().micros() > micros).toList();
    }

    /** @return how many times the VIP was added to a host after the time: each one is a move (or the first start) */
    long additionsAfter(long micros) throws IOException {
        return after(micros).stream().filter(c -> c.change().added()).count();
    }

    /** @return when the VIP was first added to (or removed from) the host after the time, or -1 */
    long first(String host, boolean added, long afterMicros) throws IOException {
        return after(afterMicros).stream().filter(c -> c.host().equals(host) && c.change().added() == added)
                .mapToLong(c -> c.change().micros()).findFirst().orElse(-1);
    }

    /** @return microseconds the VIP was configured on both hosts at once, over everything the monitors saw */
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
            if (holding.size() == 2 && since < 0) {
                since = change.change().micros();
            } else if (holding.size() < 2 && since >= 0) {
                total += change.change().micros() - since;
                since = -1;
            }
        }
        return since < 0 ? total : total + LabSuite.nowMicros() - since;
    }

    void stop() throws InterruptedException {
        pri.stop();
        sec.stop();
    }
}
