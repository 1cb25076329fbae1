package org.ipfailover.api.quorum;

import java.time.Instant;

/**
 * Whether this node reaches the coordination service's quorum.
 *
 * @param reachable whether it does now (a live, connected session)
 * @param since when it last changed
 * @param detail one line for status and logs: the servers, or why it is not reached
 */
public record QuorumStatus(boolean reachable, Instant since, String detail) {
    /** Replaces a null detail by "". */
    public QuorumStatus {
        detail = detail == null ? "" : detail;
    }
}
