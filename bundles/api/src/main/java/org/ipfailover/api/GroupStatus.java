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
 * @param health this node's health for the group (its checks and tracked interfaces together)
 * @param healthReason why it is not healthy, in one line; empty when it is
 */
public record GroupStatus(String group, GroupState state, int priority, boolean primary, String holder,
        List<Vip> addresses, String failback, long since, Health health, String healthReason) {
    /** Copies the addresses. */
    public GroupStatus {
        addresses = List.copyOf(addresses);
        healthReason = healthReason == null ? "" : healthReason;
    }

    /**
     * A group without health tracking: healthy.
     *
     * @param group the group's name
     * @param state this node's state for the group
     * @param priority this node's priority for the group
     * @param primary whether this node is the group's primary
     * @param holder the node holding the addresses, or null
     * @param addresses the group's addresses
     * @param failback "auto" or "manual"
     * @param since when this node entered its state
     */
    public GroupStatus(String group, GroupState state, int priority, boolean primary, String holder, List<Vip> addresses,
            String failback, long since) {
        this(group, state, priority, primary, holder, addresses, failback, since, Health.HEALTHY, "");
    }
}
