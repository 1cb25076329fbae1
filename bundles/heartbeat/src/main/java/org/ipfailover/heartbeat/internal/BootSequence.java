package org.ipfailover.heartbeat.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** This node's boot id, random per activation, and the sequence of the datagrams sent under it. */
final class BootSequence {
    private final long bootId;
    private final AtomicLong sequence = new AtomicLong();

    private BootSequence(long bootId) {
        this.bootId = bootId;
    }

    static BootSequence random() {
        return new BootSequence(new SecureRandom().nextLong());
    }

    long bootId() {
        return bootId;
    }

    long next() {
        return sequence.incrementAndGet();
    }

    @Override
    public String toString() {
        return String.format("%016x", bootId);
    }
}
