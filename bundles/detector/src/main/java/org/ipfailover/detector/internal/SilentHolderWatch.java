package org.ipfailover.detector.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group this node waits to take (TESTING, waiting for the lease) whose lease a peer holds while
 * that peer is not heard: the two are cut from each other, not from the quorum, since the holder
 * keeps its session. The lease keeps the group where it is, so nothing moves, but a heartbeat
 * path is broken: an ANOMALY event names the peer and the group, once, and ANOMALY_CLEARED
 * follows when the peer is heard again, the lease changes hands or this node stops waiting.
 * Decision thread only.
 */
final class SilentHolderWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final String self;
    private final PeerTable peers;
    private final EventPublisher publisher;
    private final Function<String, Optional<String>> holders;
    /** Group to the silent peer reported as holding its lease. */
    private final Map<String, String> reported = new HashMap<>();

    /** @param holders who holds a group's lease as the quorum last said */
    SilentHolderWatch(String self, PeerTable peers, EventPublisher publisher, Function<String, Optional<String>> holders) {
        this.self = self;
        this.peers = peers;
        this.publisher = publisher;
        this.holders = holders;
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
            String was = reported.get(group);
            if (holder != null && !holder.equals(was)) {
                reported.put(group, holder);
                String reason = holder + " is not heard but holds group " + group + "'s lease: it is cut from this node, not from "
                        + "the quorum; the group stays with it";
                LOG.warn("Group {}: {}", group, reason);
                publisher.peerAndGroup(Type.ANOMALY, holder, machine, now, reason);
            } else if (holder == null && was != null) {
                reported.remove(group);
                publisher.peerAndGroup(Type.ANOMALY_CLEARED, was, machine, now, peers.alive(was, now)
                        ? was + " is heard again" : "this node no longer waits for group " + group + "'s lease held by " + was);
            }
        }
    }
}
