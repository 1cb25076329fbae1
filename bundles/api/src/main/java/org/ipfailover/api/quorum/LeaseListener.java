package org.ipfailover.api.quorum;

import org.osgi.annotation.versioning.ConsumerType;

/** Told what becomes of a {@link Lease}. */
@ConsumerType
public interface LeaseListener {
    /**
     * This node holds the group's lease now: it may acquire the group's addresses.
     *
     * @param group the group's name
     */
    void granted(String group);

    /**
     * The lease is gone, or this node can no longer be sure it holds it (its connection to the
     * service is lost): the group's addresses must be dropped now. Told at most once per request,
     * also for a request that was never granted when the implementation gives up on it.
     *
     * @param group the group's name
     * @param reason why, in one line, for the log and the events
     */
    void lost(String group, String reason);
}
