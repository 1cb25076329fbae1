package org.ipfailover.notify.mail.internal;

/** Waits that double after each failure, up to a maximum, and start again after a success. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** @return how long to wait before the next attempt */
    long next() {
        long wait = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return wait;
    }

    void reset() {
        nextMillis = initialMillis;
    }
}
