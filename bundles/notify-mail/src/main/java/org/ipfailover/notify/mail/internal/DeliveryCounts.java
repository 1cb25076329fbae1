package org.ipfailover.notify.mail.internal;

import java.util.concurrent.atomic.AtomicLong;

/** What went wrong delivering one notifier's mail since the node started, across its reconfigurations. */
final class DeliveryCounts {
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    void failed() {
        failures.incrementAndGet();
    }

    void drop() {
        dropped.incrementAndGet();
    }

    long failures() {
        return failures.get();
    }

    long dropped() {
        return dropped.get();
    }
}
