package org.ipfailover.api;

import java.util.List;

/**
 * One group as this node sees it.
 *
 * @param group the group's name
 * @param state this node's state for the group
 * @param priority this node's priority for the group (255: primary)
 * @param primary whether this node is the group's primary
 * @param holder the node holding the addresses as far as this node knows, or null
 * @param addresses the group's addresses
 * @param failback "auto" or "manual"
 * @param since when this node entered its state, in epoch milliseconds
 */
public record GroupStatus(String group, GroupState state, int priority, boolean primary, String holder,
        List<Vip> addresses, String failback, long since) {
    /** Copies the addresses. */
    public GroupStatus {
        addresses = List.copyOf(addresses);
    }
}
