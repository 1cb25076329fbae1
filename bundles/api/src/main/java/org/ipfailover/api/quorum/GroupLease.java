package org.ipfailover.api.quorum;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A lease per group, held by at most one node at a time, from a coordination service with a
 * quorum of its own. Implemented by a quorum bundle (quorum-zookeeper), consulted by the detector.
 *
 * <p>Safety contract: an implementation reports a held lease {@linkplain LeaseListener#lost lost}
 * early enough that the holder can drop its addresses before the service could grant the lease to
 * another node (for ZooKeeper: when the connection is lost, well before the session can expire on
 * the ensemble). Every method returns quickly and never blocks on the service: the answers come
 * through the listeners, on a thread of the implementation.
 */
@ConsumerType
public interface GroupLease {
    /** @return a short name for logs and status, e.g. "zookeeper" */
    String name();

    /**
     * Asks for the group's lease for this node, and keeps asking until it is granted or the
     * request is closed. The listener is told {@link LeaseListener#granted} once it is held, and
     * {@link LeaseListener#lost} if it is lost (or may be) after that; a lost request does not ask
     * again by itself: the detector makes a new one when it wants the group again.
     *
     * @param group the group's name
     * @param listener told of the outcome, on a thread of the implementation; must return quickly
     * @return the request; closing it gives the lease back (the detector closes it only once the
     *         group's addresses are gone here)
     */
    Lease request(String group, LeaseListener listener);

    /** @return whether this node reaches the coordination service's quorum now, and since when */
    QuorumStatus quorum();

    /**
     * @param group the group's name
     * @return the node that holds the group's lease as this node last learnt from the service
     *         (any node, this one included), or empty when it is free or not known
     */
    Optional<String> holder(String group);

    /**
     * Tells the listener of every change of {@link #quorum()}, starting with the current one.
     *
     * @param listener called on a thread of the implementation; must return quickly
     * @return closing it ends the subscription
     */
    AutoCloseable watchQuorum(Consumer<QuorumStatus> listener);

    /**
     * @return how long the service may go on showing a lease held by a node that stopped answering
     *         it (a crashed node) before it grants the lease to another: for ZooKeeper the session
     *         timeout; zero when not known. A node that waits longer than this for a lease held by a
     *         peer it does not hear is cut from that peer, not from the quorum (an anomaly).
     * @since 1.1
     */
    default Duration holderExpiry() {
        return Duration.ZERO;
    }
}
