package org.ipfailover.detector.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this node's own receive path is up to date, and the clock peers' silence is measured on.
 * On broadcast and multicast networks a node hears its own beats; once it has, an own beat that
 * does not come for longer than an interval and a quarter (beats go out on a fixed schedule) means
 * that its receivers, its sender or the kernel's packet processing are behind: the process or the
 * host was starved or stopped for a moment, and the beats of its peers may be waiting unread.
 *
 * <p>Silence is counted on a <em>listening clock</em>, which stands still while the path is behind:
 * a peer is dead after a dead time of listening without its beat, so a stop of this node excuses a
 * peer for as long as it lasted. That covers the stop of a whole host or VM too, after which this
 * node may read its own first beat a moment before the peer's (whose process was stopped as well
 * and has not sent yet): judged on the wall clock, the peer would be convicted in that moment. What
 * peers announce is still acted on at once. Only networks the heartbeat says it sends on count: a
 * network whose cable is out sends no beat to hear, and must not hold the peers back for good. A
 * node that never hears itself (unicast networks only) listens all the time. Written by the
 * receiver threads, read by any.
 */
final class SelfHearing {
    private static final long NEVER = Long.MIN_VALUE;
    private final long windowNanos;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    /** The networks the heartbeat last said it sends on; null until it said. */
    private volatile Set<String> sending;
    /** How long the receive path was behind in all, up to the last own beat; guarded by this. */
    private long deafNanos;

    SelfHearing(long intervalMillis) {
        this.windowNanos = intervalMillis * 1_250_000L;
    }

    /** @return whether the receive path was behind until this own beat came */
    synchronized boolean heard(String network, long receivedNanos) {
        long before = latest();
        lastHeard.merge(network, receivedNanos, (last, next) -> next - last > 0 ? next : last);
        Set<String> counted = sending;
        boolean behind = before != NEVER && receivedNanos - before > windowNanos && (counted == null || counted.contains(network));
        if (behind) {
            deafNanos += receivedNanos - before - windowNanos;
        }
        return behind;
    }

    /** The networks this node's beats go out on now: only their own beats are expected. */
    void sending(Collection<String> networks) {
        sending = Set.copyOf(networks);
    }

    /** @return whether this node heard an own beat on a network it sends on: its receive path is watched */
    boolean hearsItself() {
        return latest() != NEVER;
    }

    /** @return whether this node's own receive path is up to date at {@code now} */
    boolean current(long now) {
        long last = latest();
        return last == NEVER || now - last <= windowNanos;
    }

    /**
     * @return the listening clock at {@code now}: {@code now} less every moment the receive path was
     *         behind (also the running one); differences of two readings are the time this node could
     *         hear in between
     */
    synchronized long listening(long now) {
        long last = latest();
        long behind = last == NEVER || now - last <= windowNanos ? 0 : now - last - windowNanos;
        return now - deafNanos - behind;
    }

    /** @return how long ago this node last heard itself, in ms, or -1 when it never did */
    long silentMillis(long now) {
        long last = latest();
        return last == NEVER ? -1 : (now - last) / 1_000_000L;
    }

    /** @return when an own beat last came on a network the heartbeat sends on, or {@link #NEVER} */
    private long latest() {
        Set<String> counted = sending;
        long latest = NEVER;
        for (Map.Entry<String, Long> heard : lastHeard.entrySet()) {
            if ((counted == null || counted.contains(heard.getKey())) && (latest == NEVER || heard.getValue() - latest > 0)) {
                latest = heard.getValue();
            }
        }
        return latest;
    }
}
