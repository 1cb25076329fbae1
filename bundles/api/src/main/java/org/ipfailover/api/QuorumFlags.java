package org.ipfailover.api;

/**
 * What a node says in its beats of the quorum that decides who may hold a group
 * ({@link org.ipfailover.api.quorum.GroupLease}): whether it uses one, and whether it reaches it.
 * A holder that loses the quorum keeps its groups (policy {@code keep}) only while every live peer
 * it hears says that it does not reach the quorum either.
 *
 * @param used the node is configured with a quorum
 * @param reached the node reaches the quorum now (only meaningful when {@code used})
 */
public record QuorumFlags(boolean used, boolean reached) {
    /** A node without a quorum, as every node before these flags. */
    public static final QuorumFlags NONE = new QuorumFlags(false, false);

    /** Normalises {@code reached} to false for a node that uses no quorum. */
    public QuorumFlags {
        reached = used && reached;
    }

    /** @return a line for status: "none", "reached" or "not reached" */
    public String describe() {
        return !used ? "none" : reached ? "reached" : "not reached";
    }
}
