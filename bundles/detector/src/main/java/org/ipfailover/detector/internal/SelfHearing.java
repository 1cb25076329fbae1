package org.ipfailover.detector.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this node's own receive path is up to date. On broadcast and multicast networks a node
 * hears its own beats; once it has, an own beat that does not come for longer than an interval and
 * a quarter (beats go out on a fixed schedule) means that its receivers, its sender or the kernel's
 * packet processing are behind: the process or the host was starved or stopped for a moment, and
 * the beats of its peers may be waiting unread. Peers are then judged as of the last moment the
 * receive path was known to be current, until an own beat comes through again, so that a node never
 * convicts a live peer whose beats it has not yet read; what peers announce is still acted on at
 * once. A node that never hears itself (unicast networks only) is not held back. Written by the
 * receiver threads, read by any.
 */
final class SelfHearing {
    private static final long NEVER = Long.MIN_VALUE;
    private final long windowNanos;
    private final AtomicLong lastHeard = new AtomicLong(NEVER);

    SelfHearing(long intervalMillis) {
        this.windowNanos = intervalMillis * 1_250_000L;
    }

    /** @return whether the receive path was behind until this own beat came */
    boolean heard(long receivedNanos) {
        long before = lastHeard.getAndAccumulate(receivedNanos, (last, next) -> last == NEVER || next - last > 0 ? next : last);
        return before != NEVER && receivedNanos - before > windowNanos;
    }

    /** @return whether this node's own receive path is up to date at {@code now} */
    boolean current(long now) {
        long last = lastHeard.get();
        return last == NEVER || now - last <= windowNanos;
    }

    /** @return {@code now} while the receive path is current, else the last moment it was known to be */
    long judgedAt(long now) {
        long last = lastHeard.get();
        return last == NEVER || now - last <= windowNanos ? now : last + windowNanos;
    }

    /** @return how long ago this node last heard itself, in ms, or -1 when it never did */
    long silentMillis(long now) {
        long last = lastHeard.get();
        return last == NEVER ? -1 : (now - last) / 1_000_000L;
    }
}
