package org.ipfailover.detector.internal;

/** The detector's monotonic clock: nanoseconds for peers and ticks, milliseconds for the state machines. */
final class Clock {
    private Clock() {
    }

    static long nanos() {
        return System.nanoTime();
    }

    static long millis() {
        return System.nanoTime() / 1_000_000L;
    }
}
