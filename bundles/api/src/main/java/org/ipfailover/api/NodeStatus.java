package org.ipfailover.api;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What this node announces in its heartbeats, provided by the detector and read by the heartbeat
 * sender at every beat.
 */
@ProviderType
public interface NodeStatus {
    /** @return the announcement for every configured group, in a stable order */
    List<GroupAnnouncement> announcements();

    /** @return the ids of the other nodes named in this node's groups: beats from any other node are dropped */
    Set<String> peers();

    /**
     * Calls {@code onChange} whenever the announcements change, so that the sender can beat at
     * once instead of at the next interval.
     *
     * @param onChange called on the detector's thread; must return quickly
     * @return closing it ends the subscription
     */
    AutoCloseable subscribe(Runnable onChange);

    /**
     * @return whether this node uses a quorum and reaches it, for its beats; a change is told
     *         through {@link #subscribe} like the announcements'
     * @since 2.4
     */
    default QuorumFlags quorum() {
        return QuorumFlags.NONE;
    }
}
