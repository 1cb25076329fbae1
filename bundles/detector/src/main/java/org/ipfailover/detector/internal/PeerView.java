package org.ipfailover.detector.internal;

import org.ipfailover.api.GroupState;

/**
 * What this node knows of one peer for one group.
 *
 * @param node the peer's id
 * @param alive heard on some network within the dead time
 * @param announced the state it last announced for the group, or null when it announces none
 * @param unauthenticated not heard with a valid MAC within the dead time, but heard with a bad one,
 *        and never authenticated before: alive for all this node knows, with a key that does not match
 * @param priority the priority the peer announces for itself in the group (its own file's view), or
 *        -1 when it announces none
 */
record PeerView(String node, boolean alive, GroupState announced, boolean unauthenticated, int priority) {
    PeerView(String node, boolean alive, GroupState announced) {
        this(node, alive, announced, false, -1);
    }

    PeerView(String node, boolean alive, GroupState announced, boolean unauthenticated) {
        this(node, alive, announced, unauthenticated, -1);
    }

    boolean holds() {
        return alive && announced != null && announced.holds();
    }

    /** Whether the peer may hold the group as far as it says: it announces a priority, and not 0. */
    boolean eligible() {
        return priority != org.ipfailover.api.GroupAnnouncement.NOT_ELIGIBLE;
    }

    boolean announces(GroupState state) {
        return alive && announced == state;
    }
}
