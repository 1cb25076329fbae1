package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverEvent.Type;

/**
 * Tells what changes in the peers (heard or lost, silent on some networks, failing authentication,
 * disagreeing on a group's file) as events and alarms, once per change. Decision thread only.
 */
final class PeerWatch {
    private final DetectorSettings settings;
    private final PeerTable peers;
    private final GroupTable table;
    private final Alarms alarms;
    private final EventPublisher publisher;
    private final Map<String, Boolean> peerAlive = new HashMap<>();
    private final Map<String, Boolean> peerAnomaly = new HashMap<>();

    PeerWatch(DetectorSettings settings, PeerTable peers, GroupTable table, Alarms alarms, EventPublisher publisher) {
        this.settings = settings;
        this.peers = peers;
        this.table = table;
        this.alarms = alarms;
        this.publisher = publisher;
    }

    void watch(long now) {
        for (String node : table.peerNodes()) {
            boolean alive = peers.alive(node, now);
            Boolean was = peerAlive.put(node, alive);
            if (was != null && was != alive) {
                publisher.peer(alive ? Type.PEER_FOUND : Type.PEER_LOST, node, now,
                        alive ? node + " is heard again" : node + " is silent on every network for " + settings.deadMillis() + " ms");
            }
            watchAuthentication(node, now);
            boolean anomaly = alive && peers.anomaly(node, now);
            Boolean hadAnomaly = peerAnomaly.put(node, anomaly);
            if (hadAnomaly != null && hadAnomaly != anomaly && (anomaly || alive)) {
                publisher.peer(anomaly ? Type.ANOMALY : Type.ANOMALY_CLEARED, node, now, anomaly
                        ? node + " is silent on " + silentNetworks(node, now) + " but heard on the others: no takeover"
                        : node + " is heard on every network again");
            } else if (hadAnomaly == null && anomaly) {
                publisher.peer(Type.ANOMALY, node, now, node + " is silent on " + silentNetworks(node, now)
                        + " but heard on the others: no takeover");
            }
        }
    }

    /**
     * A peer never authenticated but heard with a bad MAC: a key mismatch (no takeover from it). A
     * peer authenticated before and now claimed by datagrams with a bad MAC: forgeries, or its key
     * replaced on one side only; it is judged on its authenticated beats alone.
     */
    private void watchAuthentication(String node, long now) {
        alarms.set("key:" + node, peers.unauthenticated(node, now), "key mismatch: " + node
                + " is heard, but its beats fail authentication (do the key files match?): no takeover from it while it is heard",
                "no more beats claiming " + node + " fail authentication");
        alarms.set("forged:" + node, peers.forged(node, now), "forged beats: datagrams claiming to come from " + node
                + " fail authentication (a forgery, or its key file was replaced on one side only): " + node
                + " is judged on its authenticated beats alone", "no more beats claiming " + node + " fail authentication");
    }

    /** Group files that disagree between this node and a peer: an alarm naming the group, the peer and what differs. */
    void checkAgreement() {
        for (GroupStateMachine machine : table.all()) {
            GroupSettings group = machine.settings();
            int mine = machine.fingerprint();
            for (String node : group.nodes()) {
                if (node.equals(settings.node())) {
                    continue;
                }
                int theirs = peers.fingerprint(node, group.name());
                List<String> differences = theirs == 0 ? List.of() : GroupSettings.differences(mine, theirs);
                String key = "fingerprint:" + group.name() + ":" + node;
                // asked on every beat for every group: the texts are made only when an alarm changes
                if (differences.isEmpty()) {
                    if (alarms.standing(key)) {
                        alarms.clear(key, node + " agrees again on " + group.name());
                    }
                } else {
                    alarms.raise(key, "group files disagree: " + group.name() + " on " + node + " differs from this node's in "
                            + String.join(" and ", differences) + " (this node: nodes " + group.nodes() + ", vips "
                            + group.vips() + "); make the files the same on every node");
                }
            }
        }
    }

    private String silentNetworks(String node, long now) {
        List<String> silent = new ArrayList<>();
        peers.networks(node, now).forEach((network, heard) -> {
            if (!heard) {
                silent.add(network);
            }
        });
        return String.join(", ", silent);
    }
}
