package org.ipfailover.api.quorum;

import org.osgi.annotation.versioning.ConsumerType;

/** A request for a group's lease made with {@link GroupLease#request}, held or still asked for. */
@ConsumerType
public interface Lease extends AutoCloseable {
    /** @return the group's name */
    String group();

    /** @return whether this node holds the lease now (granted and not lost since) */
    boolean held();

    /** Gives the lease back, or stops asking for it. Idempotent; never throws. */
    @Override
    void close();
}
