package org.ipfailover.quorum.zookeeper.internal;

/**
 * How long held leases may outlive a lost connection while the client looks for another server.
 * A connection is also lost when a server dies, or leaves the ensemble's majority, or the ensemble
 * elects a new leader: the client hears of it at once (the server closes the connection) and
 * reconnects within its session, which the ensemble keeps alive for the session timeout T after
 * the last request it learnt of. Telling the leases lost at once would make every holder release
 * whenever a leader dies.
 *
 * <p>The ensemble's clock of the session runs on its leader. A {@code sync} goes through the
 * leader, so a {@code sync} answered proves that the session was alive there when it was sent,
 * less one probe period (a follower passes its clients' activity on to the leader at their next
 * ping, and the probe before was passed on by the time this one was answered). The session cannot
 * expire before {@code sent − period + T}; the leases are kept until a third of T before that,
 * {@code sent + 2T/3 − period}, the same third a client gets when its server falls silent (it
 * notices after 2/3 T; then the grace is already over and the leases are lost at once). Probed
 * every T/20, a small request to one server: the grace is then 0.62 T, time for a client to wait
 * for a new leader and reconnect (ZooKeeper's client waits up to a second before each attempt).
 * The "less one probe period" holds while the leader's pings, every half tick, come at least as
 * often as the probes: a session timeout of 10 ticks or more (docs/running.md says so); with
 * fewer the margin left is T/3 + T/20 − tickTime/2, still positive down to the minimum of 2 ticks.
 * Quorum thread only.
 */
final class SessionGrace {
    private long answeredSentNanos;
    private boolean answered;

    /** A sync sent at this time was answered. */
    void answered(long sentNanos) {
        if (!answered || sentNanos - answeredSentNanos > 0) {
            answeredSentNanos = sentNanos;
            answered = true;
        }
    }

    /** A new session: nothing it sent was answered yet. */
    void newSession() {
        answered = false;
    }

    /**
     * @param sessionMillis the session timeout the ensemble granted
     * @param probeMillis how often the syncs are sent
     * @return nanoseconds from now until the held leases must be told lost; 0 or less: at once
     */
    long remainingNanos(long nowNanos, long sessionMillis, long probeMillis) {
        if (!answered) {
            return 0;
        }
        long graceMillis = sessionMillis * 2 / 3 - probeMillis;
        return answeredSentNanos + graceMillis * 1_000_000L - nowNanos;
    }

    /** How often to probe the ensemble with a sync for the session timeout asked. */
    static long probeMillis(long sessionMillis) {
        return Math.max(20, sessionMillis / 20);
    }
}
