package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long to wait before starting again what ended: soon the first time, twice as long each next
 * time up to a limit; what ran for at least the limit before it ended starts the series again.
 * Not thread-safe.
 */
final class Backoff {
    private final Duration first;
    private final Duration last;
    private final LongSupplier nanoTime;
    private Duration next;
    private long runningSince;
    private boolean running;

    Backoff(Duration first, Duration last) {
        this(first, last, System::nanoTime);
    }

    Backoff(Duration first, Duration last, LongSupplier nanoTime) {
        this.first = first;
        this.last = last;
        this.nanoTime = nanoTime;
        this.next = first;
    }

    /** It runs, from now. */
    void running() {
        running = true;
        runningSince = nanoTime.getAsLong();
    }

    /** @return how long to wait before it starts again, now that it has ended or could not start */
    Duration ended() {
        if (running && nanoTime.getAsLong() - runningSince >= last.toNanos()) {
            next = first;
        }
        running = false;
        Duration wait = next;
        next = wait.multipliedBy(2).compareTo(last) > 0 ? last : wait.multipliedBy(2);
        return wait;
    }
}
