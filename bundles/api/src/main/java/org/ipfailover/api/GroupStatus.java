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
 * @param leaseHolder with a quorum ({@link org.ipfailover.api.quorum.GroupLease}): the node that holds
 *        the group's lease as this node last learnt, or null when it is free, unknown, or no quorum is used
 * @param awaitingLease with a quorum: whether the group waits in {@link GroupState#TESTING} for its lease
 *        (the Test phase passed)
 */
public record GroupStatus(String group, GroupState state, int priority, boolean primary, String holder,
        List<Vip> addresses, String failback, long since, Health health, String healthReason, String leaseHolder,
        boolean awaitingLease) {
    /** Copies the addresses. */
    public GroupStatus {
        addresses = List.copyOf(addresses);
        healthReason = healthReason == null ? "" : healthReason;
    }

    /**
     * A group without a quorum.
     *
     * @param group the group's name
     * @param state this node's state for the group
     * @param priority this node's priority for the group (255: primary)
     * @param primary whether this node is the group's primary
     * @param holder the node holding the addresses, or null
     * @param addresses the group's addresses
     * @param failback "auto" or "manual"
     * @param since when this node entered its state, in epoch milliseconds
     * @param health this node's health for the group
     * @param healthReason why it is not healthy, in one line; empty when it is
     */
    public GroupStatus(String group, GroupState state, int priority, boolean primary, String holder, List<Vip> addresses,
            String failback, long since, Health health, String healthReason) {
        this(group, state, priority, primary, holder, addresses, failback, since, health, healthReason, null, false);
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
        this(group, state, priority, primary, holder, addresses, failback, since, Health.HEALTHY, "", null, false);
    }
}
