package org.ipfailover.detector.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group this node waits to take (TESTING, waiting for the lease) whose lease a peer holds while
 * that peer is not heard. A crashed holder's lease passes once the service's
 * {@linkplain GroupLease#holderExpiry() expiry} is over; a node that waited half as long again is
 * cut from the holder, not from the quorum, since the holder keeps its session. The lease keeps
 * the group where it is, so nothing moves, but a heartbeat path is broken: an ANOMALY event names
 * the peer and the group, once, and ANOMALY_CLEARED follows when the peer is heard again, the
 * lease changes hands or this node stops waiting. Decision thread only.
 */
final class SilentHolderWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final String self;
    private final PeerTable peers;
    private final EventPublisher publisher;
    private final Function<String, Optional<String>> holders;
    private final LongSupplier expiryMillis;
    /** Group to the silent peer seen holding its lease while this node waits for it, and since when. */
    private final Map<String, Waiting> waiting = new HashMap<>();

    private static final class Waiting {
        final String holder;
        final long since;
        boolean reported;

        Waiting(String holder, long since) {
            this.holder = holder;
            this.since = since;
        }
    }

    /**
     * @param holders who holds a group's lease as the quorum last said
     * @param expiryMillis how long the quorum may show a crashed holder's lease (0: not known)
     */
    SilentHolderWatch(String self, PeerTable peers, EventPublisher publisher, Function<String, Optional<String>> holders,
            LongSupplier expiryMillis) {
        this.self = self;
        this.peers = peers;
        this.publisher = publisher;
        this.holders = holders;
        this.expiryMillis = expiryMillis;
    }

    /** Every decision round, with each group. */
    void review(Iterable<GroupStateMachine> machines) {
        long now = Clock.nanos();
        for (GroupStateMachine machine : machines) {
            String group = machine.settings().name();
            String holder = machine.state() == GroupState.TESTING && machine.awaitingLease() ? holders.apply(group).orElse(null) : null;
            if (holder != null && (holder.equals(self) || peers.alive(holder, now))) {
                holder = null;
            }
            Waiting was = waiting.get(group);
            if (was != null && !was.holder.equals(holder)) {
                waiting.remove(group);
                if (was.reported) {
                    publisher.peerAndGroup(Type.ANOMALY_CLEARED, was.holder, machine, now, peers.alive(was.holder, now)
                            ? was.holder + " is heard again"
                            : "this node no longer waits for group " + group + "'s lease held by " + was.holder);
                }
                was = null;
            }
            if (holder == null) {
                continue;
            }
            if (was == null) {
                was = new Waiting(holder, now);
                waiting.put(group, was);
            }
            long expiry = expiryMillis.getAsLong();
            long waitedMillis = (now - was.since) / 1_000_000L;
            if (!was.reported && waitedMillis >= expiry + expiry / 2) {
                was.reported = true;
                String reason = expiry > 0
                        ? holder + " is not heard but has held group " + group + "'s lease for the " + waitedMillis + " ms this node "
                                + "waited for it, longer than the quorum keeps a crashed holder's (" + expiry + " ms): it is cut from "
                                + "this node, not from the quorum; the group stays with it"
                        : holder + " is not heard but holds group " + group + "'s lease: it is cut from this node, not from the "
                                + "quorum (or it crashed and the quorum has not noticed yet); the group stays with it";
                LOG.warn("Group {}: {}", group, reason);
                publisher.peerAndGroup(Type.ANOMALY, holder, machine, now, reason);
            }
        }
    }
}
