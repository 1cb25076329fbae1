package org.ipfailover.actions.volume.internal;

import java.time.Duration;

/** The moment by which one run of the action must be done; every command and pause fits inside it. */
record Deadline(long nanoTime) {
    static Deadline in(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    boolean passed() {
        return remaining().isZero();
    }

    /** Sleeps for {@code pause}, or until the deadline when that comes first. */
    void sleep(Duration pause) throws InterruptedException {
        long millis = Math.min(pause.toMillis(), remaining().toMillis());
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
