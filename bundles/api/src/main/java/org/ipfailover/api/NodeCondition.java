package org.ipfailover.api;

import java.util.List;

/**
 * Whether this node takes part in the decisions, and the alarms that stand.
 *
 * @param deciding whether the node may take groups over (false while it cannot be heard: it then
 *        keeps what it holds and takes nothing)
 * @param reason why it does not decide, in one line; empty while it decides
 * @param alarms every alarm that stands now, one line each (see {@link FailoverEvent.Type#ALARM})
 */
public record NodeCondition(boolean deciding, String reason, List<String> alarms) {
    /** Copies the list of alarms. */
    public NodeCondition {
        reason = reason == null ? "" : reason;
        alarms = List.copyOf(alarms);
    }
}
