package org.ipfailover.heartbeat.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Lets one log line per key through per period, and counts the events in between. */
final class LogThrottle {
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long periodNanos;
    private final Map<String, Entry> entries = new HashMap<>();

    LogThrottle() {
        this(PERIOD_NANOS);
    }

    LogThrottle(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /**
     * Counts one event.
     *
     * @return 0 when no line is due, else how many events happened since the last line, this one included
     */
    synchronized long due(String key, long nowNanos) {
        Entry entry = entries.get(key);
        if (entry == null) {
            entries.put(key, new Entry(nowNanos));
            return 1;
        }
        entry.count++;
        if (nowNanos - entry.lastLineNanos < periodNanos) {
            return 0;
        }
        long count = entry.count;
        entry.count = 0;
        entry.lastLineNanos = nowNanos;
        return count;
    }

    private static final class Entry {
        long lastLineNanos;
        long count;

        Entry(long lastLineNanos) {
            this.lastLineNanos = lastLineNanos;
        }
    }
}
