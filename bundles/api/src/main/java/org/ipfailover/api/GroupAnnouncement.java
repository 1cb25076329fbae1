package org.ipfailover.api;

import java.util.Objects;

/**
 * What a node says about one of its groups in every heartbeat.
 *
 * @param group the group's name (at most 64 bytes of UTF-8)
 * @param state the node's state for the group
 * @param priority the node's priority for the group: 255 for the primary, lower for backups;
 *        {@value #NOT_ELIGIBLE} while the node may not hold the group (a check guarding it fails or
 *        has not passed yet, a tracked interface is down, or the group is not configured yet)
 * @param fingerprint a digest of the group's definition on the sending node (its nodes in order,
 *        its addresses, its failback rule), so that nodes whose files disagree notice it; 0 when
 *        the sender gives none
 */
public record GroupAnnouncement(String group, GroupState state, int priority, int fingerprint) {
    /** The priority of a node that may not hold the group now; configured priorities are higher. */
    public static final int NOT_ELIGIBLE = 0;

    /** Checks the fields. */
    public GroupAnnouncement {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(state, "state");
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " is not within 0..255");
        }
    }

    /**
     * An announcement without a fingerprint.
     *
     * @param group the group's name
     * @param state the node's state for the group
     * @param priority the node's priority for the group
     */
    public GroupAnnouncement(String group, GroupState state, int priority) {
        this(group, state, priority, 0);
    }

    /** @return whether the node may hold the group now: it is healthy for it */
    public boolean eligible() {
        return priority != NOT_ELIGIBLE;
    }

    // Written out: the record's own equals and hashCode go through method handles, which the
    // node's JIT (C1 alone) does not inline, and every beat received compares its groups.
    @Override
    public boolean equals(Object other) {
        return other instanceof GroupAnnouncement that && priority == that.priority && fingerprint == that.fingerprint
                && state == that.state && group.equals(that.group);
    }

    @Override
    public int hashCode() {
        return ((group.hashCode() * 31 + state.hashCode()) * 31 + priority) * 31 + fingerprint;
    }
}
