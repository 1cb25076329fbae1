package org.ipfailover.bench.chaos;

import java.util.HashSet;
import java.util.Set;

/**
 * One injected fault: when it began and healed, on what, and how the verdicts treat it. Faults
 * come one at a time; a fault's window runs from its start to the next fault's start (or the end
 * of the campaign), and what happens to the client in it is the fault's doing.
 */
final class Fault {
    final int number;
    final FaultKind kind;
    final String target;
    String detail = "";
    long startMicros;
    long healMicros;
    long windowEndMicros;
    /** Both networks cut between some nodes: two holders are allowed until the margin after the heal. */
    boolean partition;
    /** VIPs the client cannot reach by design while the fault lasts (the holder's public cable is out). */
    final Set<String> unreachable = new HashSet<>();

    Fault(int number, FaultKind kind, String target) {
        this.number = number;
        this.kind = kind;
        this.target = target;
    }

    boolean inWindow(long micros) {
        return micros >= startMicros && micros < windowEndMicros;
    }

    String describe() {
        return "#" + number + " " + kind.label() + " " + target + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
