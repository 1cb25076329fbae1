package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ipfailover.api.GroupState;

/**
 * The groups configured on this node, by name, and what the peers that share them say of them.
 * Used on the decision thread only, but for {@link #peerNodes()}.
 */
final class GroupTable {
    private final String node;
    private final PeerTable peers;
    private final Map<String, GroupStateMachine> machines = new TreeMap<>();
    private volatile Set<String> peerNodes = Set.of();

    GroupTable(String node, PeerTable peers) {
        this.node = node;
        this.peers = peers;
    }

    GroupStateMachine get(String name) {
        return machines.get(name);
    }

    /** @throws IllegalArgumentException naming the groups there are, when there is none of that name */
    GroupStateMachine machine(String name) {
        GroupStateMachine machine = machines.get(name);
        if (machine == null) {
            throw new IllegalArgumentException("no group named " + name + " on this node (groups: " + machines.keySet() + ")");
        }
        return machine;
    }

    Collection<GroupStateMachine> all() {
        return machines.values();
    }

    boolean contains(String name) {
        return machines.containsKey(name);
    }

    void put(GroupStateMachine machine) {
        machines.put(machine.settings().name(), machine);
    }

    GroupStateMachine remove(String name) {
        return machines.remove(name);
    }

    /** Whether the machine is still the one configured under its name (not removed, not replaced). */
    boolean isCurrent(GroupStateMachine machine) {
        return machines.get(machine.settings().name()) == machine;
    }

    /** The nodes this node shares a group with; safe from any thread. */
    Set<String> peerNodes() {
        return peerNodes;
    }

    void refreshPeerNodes() {
        Set<String> nodes = new LinkedHashSet<>();
        for (GroupStateMachine machine : machines.values()) {
            nodes.addAll(machine.settings().nodes());
        }
        nodes.remove(node);
        peerNodes = Set.copyOf(nodes);
    }

    Collection<PeerView> views(GroupStateMachine machine) {
        long now = Clock.nanos();
        List<PeerView> views = new ArrayList<>();
        for (String other : machine.settings().nodes()) {
            if (!other.equals(node)) {
                views.add(peers.view(other, machine.settings().name(), now));
            }
        }
        return views;
    }

    /** @return the node that holds the group, as far as this node knows, or null */
    String holder(GroupStateMachine machine) {
        if (machine.state() == GroupState.UP || machine.state() == GroupState.RELEASING) {
            return node;
        }
        for (PeerView peer : views(machine)) {
            if (peer.alive() && peer.announced() == GroupState.UP) {
                return peer.node();
            }
        }
        return null;
    }
}
