package org.ipfailover.api;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every verified heartbeat. Registered as a whiteboard service (the detector is one).
 * Called on the receiver's thread: return quickly.
 */
@ConsumerType
public interface BeatListener {
    /** @param beat a verified heartbeat */
    void beat(Beat beat);

    /**
     * This node heard one of its own beats (broadcast and multicast networks send them back to
     * their sender): its receive path was up to date when it came. A node that has heard itself
     * and then does not for a while is starved or stopped, and may not have read its peers' beats
     * yet: the detector convicts no peer of silence until its own beats come through again.
     *
     * @param network the network it came on
     * @param receivedNanos {@link System#nanoTime()} at reception
     */
    default void ownBeat(String network, long receivedNanos) {
    }

    /**
     * A datagram that claims to come from a known peer failed authentication: a wrong key on one
     * side, or a forgery. Nothing in it can be trusted, but a peer that is heard this way may well
     * be alive; the detector does not take over from it.
     *
     * @param node the node the datagram claims to come from
     * @param source where it came from
     * @param receivedNanos {@link System#nanoTime()} at reception
     */
    default void unauthenticated(String node, InetSocketAddress source, long receivedNanos) {
    }

    /**
     * An authentic beat carries this node's own id from another process (another boot id): two
     * nodes are configured with the same id, and neither hears the other.
     *
     * @param source where it came from
     * @param receivedNanos {@link System#nanoTime()} at reception
     */
    default void duplicateNode(InetSocketAddress source, long receivedNanos) {
    }

    /**
     * The heartbeat started, stopped, or began or ceased to go out on some network. Called at once
     * on a change, and on registration with the current health.
     *
     * @param health whether, and where, this node's beats go out
     */
    default void heartbeatHealth(HeartbeatHealth health) {
    }
}
