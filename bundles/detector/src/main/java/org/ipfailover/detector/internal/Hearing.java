package org.ipfailover.detector.internal;

import java.net.InetSocketAddress;
import org.ipfailover.api.HeartbeatHealth;

/**
 * What this node knows of being heard: whether its heartbeat goes out, and whether another node
 * uses its id. Written on the decision thread (the duplicate also on the receiver's); read from any.
 */
final class Hearing {
    private final DetectorSettings settings;
    private HeartbeatHealth health;
    /** Whether this node may take groups over: only while its heartbeat goes out. */
    private volatile boolean deciding;
    private volatile long duplicateHeardNanos;
    private volatile String duplicateSource;

    /**
     * @param health the heartbeat's health as last reported, or null when it never reported: the
     *        detector takes nothing over until the heartbeat says it goes out
     */
    Hearing(DetectorSettings settings, HeartbeatHealth health) {
        this.settings = settings;
        this.health = health != null ? health : HeartbeatHealth.silent("the heartbeat has not started yet");
        this.deciding = this.health.sending();
    }

    HeartbeatHealth health() {
        return health;
    }

    void health(HeartbeatHealth next) {
        health = next;
    }

    boolean deciding() {
        return deciding;
    }

    void deciding(boolean next) {
        deciding = next;
    }

    /** @return whether it is the first beat with this node's id from another node for a dead time */
    boolean duplicate(InetSocketAddress source, long receivedNanos) {
        duplicateSource = source == null ? "an unknown address" : source.getAddress().getHostAddress();
        boolean first = duplicateHeardNanos == 0 || receivedNanos - duplicateHeardNanos > settings.deadMillis() * 1_000_000L;
        duplicateHeardNanos = receivedNanos;
        return first;
    }

    /** When (monotonic ns) another node with this node's id was last heard; 0 when never. */
    long duplicateHeardNanos() {
        return duplicateHeardNanos;
    }

    /** Whether another node with this node's id was ever heard. */
    boolean duplicateEverHeard() {
        return duplicateHeardNanos != 0;
    }

    /** Whether another node with this node's id was heard within the dead time. */
    boolean duplicateHeard() {
        long heard = duplicateHeardNanos;
        return heard != 0 && Clock.nanos() - heard < settings.deadMillis() * 1_000_000L;
    }

    String duplicateSource() {
        return duplicateSource;
    }

    /**
     * Whether this node may take groups over now: its heartbeat goes out, and no other node uses its
     * id (both would take the same groups, each deaf to the other).
     */
    boolean takesOver() {
        return deciding && !duplicateHeard();
    }

    String notDecidingReason() {
        if (deciding && duplicateHeard()) {
            return "another node (at " + duplicateSource + ") uses its id " + settings.node();
        }
        String problem = health.problem().isEmpty() ? "no heartbeat goes out" : health.problem();
        return "it cannot be heard: " + problem;
    }
}
