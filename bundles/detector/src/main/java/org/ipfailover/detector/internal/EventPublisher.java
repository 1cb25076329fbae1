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
        events.publish(FailoverEvent.of(step.event(), Instant.now(), node).group(group.name()).peer(peer).from(step.from()).to(step.to())
                .holder(table.holder(machine)).addresses(group.vips())
                .peerNetworks(peer != null ? peers.networks(peer, Clock.nanos()) : Map.of()).results(results).reason(step.reason())
                .build());
    }

    /** A check or tracked interface of the group failed, or passes again. */
    void health(Type type, GroupStateMachine machine, String check, String output, String reason) {
        GroupSettings group = machine.settings();
        events.publish(FailoverEvent.of(type, Instant.now(), node).group(group.name()).from(machine.state()).to(machine.state())
                .holder(table.holder(machine)).addresses(group.vips()).check(check).output(output).reason(reason).build());
    }

    void node(Type type, String reason) {
        events.publish(FailoverEvent.of(type, Instant.now(), node).reason(reason).build());
    }

    /** About a peer and one of the group's of this node, e.g. the peer holds its lease while it is not heard. */
    void peerAndGroup(Type type, String peer, GroupStateMachine machine, long now, String reason) {
        GroupSettings group = machine.settings();
        events.publish(FailoverEvent.of(type, Instant.now(), node).group(group.name()).peer(peer).from(machine.state())
                .to(machine.state()).holder(table.holder(machine)).addresses(group.vips()).peerNetworks(peers.networks(peer, now))
                .reason(reason).build());
    }

    void peer(Type type, String peer, long now, String reason) {
        events.publish(FailoverEvent.of(type, Instant.now(), node).peer(peer).peerNetworks(peers.networks(peer, now)).reason(reason)
                .build());
    }
}
