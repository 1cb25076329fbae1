package org.ipfailover.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a group or a peer, published to every {@link FailoverListener}
 * and kept in the node's history.
 *
 * <p>Made with {@link #of(Type, Instant, String)} and its {@link Builder}: a class rather than a
 * record, so that a field can be added without breaking those who read or make events.
 */
public final class FailoverEvent {
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
        DECIDING,
        /**
         * A check guarding the group failed {@code fall} times in a row, or a tracked interface
         * went down: this node is no candidate for the group, and hands it over if it holds it and
         * a healthy node can take it. {@link FailoverEvent#check()} and
         * {@link FailoverEvent#output()} say which and what it gave.
         */
        HEALTH_FAILED,
        /** The check of an earlier {@link #HEALTH_FAILED} passed {@code rise} times in a row, or the interface is up again. */
        HEALTH_RECOVERED,
        /**
         * This node no longer reaches the quorum of its coordination service
         * ({@link org.ipfailover.api.quorum.GroupLease}): it takes nothing new, and keeps or
         * releases what it holds as its {@code onQuorumLoss} policy says.
         */
        QUORUM_LOST,
        /** This node reaches the quorum again. */
        QUORUM_REGAINED
    }

    private final Type type;
    private final Instant time;
    private final String node;
    private final String group;
    private final String peer;
    private final GroupState from;
    private final GroupState to;
    private final String holder;
    private final List<Vip> addresses;
    private final Map<String, Boolean> peerNetworks;
    private final List<ActionResult> results;
    private final String reason;
    private final String check;
    private final String output;

    private FailoverEvent(Builder builder) {
        type = builder.type;
        time = builder.time;
        node = builder.node;
        group = builder.group;
        peer = builder.peer;
        from = builder.from;
        to = builder.to;
        holder = builder.holder;
        addresses = List.copyOf(builder.addresses);
        peerNetworks = Map.copyOf(builder.peerNetworks);
        results = List.copyOf(builder.results);
        reason = builder.reason;
        check = builder.check;
        output = builder.output;
    }

    /**
     * Starts an event; the other fields are empty (null, empty collections, an empty reason) until set.
     *
     * @param type what happened
     * @param time when
     * @param node this node's id
     * @return a builder for the event
     */
    public static Builder of(Type type, Instant time, String node) {
        return new Builder(type, time, node);
    }

    /** @return a builder with every field of this event, to make one that differs in a few */
    public Builder toBuilder() {
        return of(type, time, node).group(group).peer(peer).from(from).to(to).holder(holder).addresses(addresses)
                .peerNetworks(peerNetworks).results(results).reason(reason).check(check).output(output);
    }

    /** @return what happened */
    public Type type() {
        return type;
    }

    /** @return when */
    public Instant time() {
        return time;
    }

    /** @return this node's id */
    public String node() {
        return node;
    }

    /** @return the group concerned, or null for peer and node events */
    public String group() {
        return group;
    }

    /** @return the peer concerned (the node the group came from or went to), or null */
    public String peer() {
        return peer;
    }

    /** @return the group's state before, or null */
    public GroupState from() {
        return from;
    }

    /** @return the group's state after, or null */
    public GroupState to() {
        return to;
    }

    /** @return the node that holds the group's addresses after the event, or null when none does */
    public String holder() {
        return holder;
    }

    /** @return the group's addresses */
    public List<Vip> addresses() {
        return addresses;
    }

    /** @return per network, whether the peer was heard within the dead time */
    public Map<String, Boolean> peerNetworks() {
        return peerNetworks;
    }

    /** @return the outcome of every action run for this event, in run order */
    public List<ActionResult> results() {
        return results;
    }

    /** @return why, in one line an operator can act on; never null */
    public String reason() {
        return reason;
    }

    /** @return the check or tracked interface ({@code link:<interface>}) of a health event, or null */
    public String check() {
        return check;
    }

    /** @return the last line the check of a health event gave; never null */
    public String output() {
        return output;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FailoverEvent e && type == e.type && time.equals(e.time) && node.equals(e.node)
                && Objects.equals(group, e.group) && Objects.equals(peer, e.peer) && from == e.from && to == e.to
                && Objects.equals(holder, e.holder) && addresses.equals(e.addresses) && peerNetworks.equals(e.peerNetworks)
                && results.equals(e.results) && reason.equals(e.reason) && Objects.equals(check, e.check)
                && output.equals(e.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, time, node, group, peer, from, to, holder, addresses, peerNetworks, results, reason, check,
                output);
    }

    @Override
    public String toString() {
        return "FailoverEvent[type=" + type + ", time=" + time + ", node=" + node + ", group=" + group + ", peer=" + peer
                + ", from=" + from + ", to=" + to + ", holder=" + holder + ", addresses=" + addresses + ", peerNetworks="
                + peerNetworks + ", results=" + results + ", reason=" + reason
                + ", check=" + check + ", output=" + output + "]";
    }

    /** Collects the fields of a {@link FailoverEvent}; null collections and reason count as empty. */
    public static final class Builder {
        private final Type type;
        private final Instant time;
        private final String node;
        private String group;
        private String peer;
        private GroupState from;
        private GroupState to;
        private String holder;
        private List<Vip> addresses = List.of();
        private Map<String, Boolean> peerNetworks = Map.of();
        private List<ActionResult> results = List.of();
        private String reason = "";
        private String check;
        private String output = "";

        private Builder(Type type, Instant time, String node) {
            this.type = Objects.requireNonNull(type, "type");
            this.time = Objects.requireNonNull(time, "time");
            this.node = Objects.requireNonNull(node, "node");
        }

        /** @param value the group concerned @return this builder */
        public Builder group(String value) {
            group = value;
            return this;
        }

        /** @param value the peer concerned @return this builder */
        public Builder peer(String value) {
            peer = value;
            return this;
        }

        /** @param value the group's state before @return this builder */
        public Builder from(GroupState value) {
            from = value;
            return this;
        }

        /** @param value the group's state after @return this builder */
        public Builder to(GroupState value) {
            to = value;
            return this;
        }

        /** @param value the node that holds the group after the event, or null @return this builder */
        public Builder holder(String value) {
            holder = value;
            return this;
        }

        /** @param value the group's addresses @return this builder */
        public Builder addresses(List<Vip> value) {
            addresses = value == null ? List.of() : value;
            return this;
        }

        /** @param value per network, whether the peer was heard @return this builder */
        public Builder peerNetworks(Map<String, Boolean> value) {
            peerNetworks = value == null ? Map.of() : value;
            return this;
        }

        /** @param value the outcome of every action run, in run order @return this builder */
        public Builder results(List<ActionResult> value) {
            results = value == null ? List.of() : value;
            return this;
        }

        /** @param value why, in one line @return this builder */
        public Builder reason(String value) {
            reason = value == null ? "" : value;
            return this;
        }

        /** @param value the check or tracked interface ({@code link:<interface>}) concerned @return this builder */
        public Builder check(String value) {
            check = value;
            return this;
        }

        /** @param value the last line the check gave @return this builder */
        public Builder output(String value) {
            output = value == null ? "" : value;
            return this;
        }

        /** @return the event */
        public FailoverEvent build() {
            return new FailoverEvent(this);
        }
    }
}
