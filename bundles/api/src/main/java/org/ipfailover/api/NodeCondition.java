package org.ipfailover.api;

import java.util.List;
import org.ipfailover.api.quorum.QuorumStatus;

/**
 * Whether this node takes part in the decisions, and the alarms that stand.
 *
 * @param deciding whether the node may take groups over (false while it cannot be heard: it then
 *        keeps what it holds and takes nothing)
 * @param reason why it does not decide, in one line; empty while it decides
 * @param alarms every alarm that stands now, one line each (see {@link FailoverEvent.Type#ALARM})
 * @param quorum with a quorum ({@link org.ipfailover.api.quorum.GroupLease}): whether this node reaches
 *        it, since when, and the detail; null when no quorum is used
 */
public record NodeCondition(boolean deciding, String reason, List<String> alarms, QuorumStatus quorum) {
    /** Copies the list of alarms. */
    public NodeCondition {
        reason = reason == null ? "" : reason;
        alarms = List.copyOf(alarms);
    }

    /**
     * A node without a quorum.
     *
     * @param deciding whether the node may take groups over
     * @param reason why it does not decide, in one line; empty while it decides
     * @param alarms every alarm that stands now, one line each
     */
    public NodeCondition(boolean deciding, String reason, List<String> alarms) {
        this(deciding, reason, alarms, null);
    }
}
