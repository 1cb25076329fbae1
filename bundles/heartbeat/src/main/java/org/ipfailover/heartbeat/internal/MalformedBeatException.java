package org.ipfailover.heartbeat.internal;

import org.ipfailover.api.HeartbeatStatistics;

/** A datagram that is not a valid v2 heartbeat for this receiver. */
final class MalformedBeatException extends Exception {
    private static final long serialVersionUID = 1L;

    enum Reason {
        BAD_MAGIC(HeartbeatStatistics.BAD_MAGIC),
        /** Another version, or a value (state code, flag, part number) that v2 does not define. */
        BAD_VERSION(HeartbeatStatistics.BAD_VERSION),
        /** Truncated, too long, a length past the end, trailing bytes, or text that is not UTF-8. */
        BAD_LENGTH(HeartbeatStatistics.BAD_LENGTH),
        BAD_MAC(HeartbeatStatistics.BAD_MAC);

        private final String counter;

        Reason(String counter) {
            this.counter = counter;
        }

        /** @return the {@link HeartbeatStatistics} counter of this reason */
        String counter() {
            return counter;
        }
    }

    private final Reason reason;
    private final String claimedNode;

    MalformedBeatException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    MalformedBeatException(Reason reason, String detail, String claimedNode) {
        // no stack trace: a flood of forged datagrams must stay cheap to reject
        super(detail, null, false, false);
        this.reason = reason;
        this.claimedNode = claimedNode;
    }

    Reason reason() {
        return reason;
    }

    /** @return for a bad MAC, the node id the datagram claims, if it could be read; else null */
    String claimedNode() {
        return claimedNode;
    }
}
