package org.ipfailover.detector.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;

/** Tells the event log what happened to a group, to this node or to a peer. */
final class EventPublisher {
    private final String node;
    private final EventLog events;
    private final PeerTable peers;
    private final GroupTable table;

    EventPublisher(String node, EventLog events, PeerTable peers, GroupTable table) {
        this.node = node;
        this.events = events;
        this.peers = peers;
        this.table = table;
    }

    void group(GroupStateMachine machine, Step step, List<ActionResult> results) {
        GroupSettings group = machine.settings();
        String peer = step.peer() != null ? step.peer() : machine.counterpart();
        events.publish(new FailoverEvent(step.event(), Instant.now(), node, group.name(), peer, step.from(), step.to(),
                table.holder(machine), group.vips(), peer != null ? peers.networks(peer, Clock.nanos()) : Map.of(), results,
                step.reason()));
    }

    void node(Type type, String reason) {
        events.publish(new FailoverEvent(type, Instant.now(), node, null, null, null, null, null, List.of(),
                Map.of(), List.of(), reason));
    }

    void peer(Type type, String peer, long now, String reason) {
        events.publish(new FailoverEvent(type, Instant.now(), node, null, peer, null, null, null, List.of(),
                peers.networks(peer, now), List.of(), reason));
    }
}
