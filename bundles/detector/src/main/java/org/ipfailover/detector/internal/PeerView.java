package org.ipfailover.detector.internal;

import org.ipfailover.api.GroupState;

/**
 * What this node knows of one peer for one group.
 *
 * @param node the peer's id
 * @param alive heard on some network within the dead time
 * @param announced the state it last announced for the group, or null when it announces none
 */
record PeerView(String node, boolean alive, GroupState announced) {
    boolean holds() {
        return alive && announced != null && announced.holds();
    }

    boolean announces(GroupState state) {
        return alive && announced == state;
    }
}
