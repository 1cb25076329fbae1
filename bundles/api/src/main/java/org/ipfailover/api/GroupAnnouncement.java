package org.ipfailover.api;

import java.util.Objects;

/**
 * What a node says about one of its groups in every heartbeat.
 *
 * @param group the group's name (at most 64 bytes of UTF-8)
 * @param state the node's state for the group
 * @param priority the node's priority for the group: 255 for the primary, lower for backups
 */
public record GroupAnnouncement(String group, GroupState state, int priority) {
    /** Checks the fields. */
    public GroupAnnouncement {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(state, "state");
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " is not within 0..255");
        }
    }
}
