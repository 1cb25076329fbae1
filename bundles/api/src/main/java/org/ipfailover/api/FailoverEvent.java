package org.ipfailover.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a group or a peer, published to every {@link FailoverListener}
 * and kept in the node's history.
 *
 * @param type what happened
 * @param time when
 * @param node this node's id
 * @param group the group concerned, or null for peer events
 * @param peer the peer concerned (the node the group came from or went to), or null
 * @param from the group's state before, or null
 * @param to the group's state after, or null
 * @param holder the node that holds the group's addresses after the event, or null when none does
 * @param addresses the group's addresses
 * @param peerNetworks per network, whether the peer was heard within the dead time
 * @param results the outcome of every action run for this event, in run order
 * @param reason why, in one line an operator can act on
 */
public record FailoverEvent(Type type, Instant time, String node, String group, String peer, GroupState from,
        GroupState to, String holder, List<Vip> addresses, Map<String, Boolean> peerNetworks,
        List<ActionResult> results, String reason) {

    /** The kinds of events. */
    public enum Type {
        /** This node took the group over: it holds the addresses now. */
        TAKEOVER,
        /** This node released the group: it no longer holds the addresses. */
        RELEASE,
        /** A takeover was abandoned: an action or the backend failed; the addresses were not kept. */
        TAKEOVER_FAILED,
        /** A Test action vetoed a takeover; it is tried again while the reason for it lasts. */
        TEST_VETO,
        /** An action failed and the pipeline went on (its policy is continue). */
        ACTION_FAILED,
        /** Two nodes held the group at once; the lower-priority one releases, the other re-announces. */
        RECLAIM,
        /** Any other change of a group's state. */
        STATE_CHANGED,
        /** A peer went silent on some networks but not all: no takeover. */
        ANOMALY,
        /** A peer is heard on all networks again. */
        ANOMALY_CLEARED,
        /** A peer went silent on every network for the dead time. */
        PEER_LOST,
        /** A peer is heard again. */
        PEER_FOUND,
        /**
         * Something that threatens the promise of one holder per group and needs an operator: a
         * key mismatch, forged beats, group files that disagree between nodes, two nodes with one
         * id, a state journal that cannot be written. The reason starts with what it is.
         */
        ALARM,
        /** The condition of an earlier {@link #ALARM} with the same leading words is gone. */
        ALARM_CLEARED,
        /**
         * This node stopped taking groups over: it cannot be heard (no heartbeat is sent on any
         * network). It keeps what it holds.
         */
        NOT_DECIDING,
        /** This node is heard again and takes part in the decisions. */
        DECIDING
    }

    /** Copies the collections and checks the required fields. */
    public FailoverEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(node, "node");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        peerNetworks = peerNetworks == null ? Map.of() : Map.copyOf(peerNetworks);
        results = results == null ? List.of() : List.copyOf(results);
        reason = reason == null ? "" : reason;
    }
}
