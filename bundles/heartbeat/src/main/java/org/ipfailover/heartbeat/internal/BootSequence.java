package org.ipfailover.heartbeat.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's boot id, and the sequence of the datagrams sent under it. The boot id's high 32
 * bits are the boot counter ({@link BootCounter}), which only grows from one start to the next;
 * its low 32 bits are random.
 */
final class BootSequence {
    private final long bootId;
    private final AtomicLong sequence = new AtomicLong();

    private BootSequence(long bootId) {
        this.bootId = bootId;
    }

    /** @param counter this start's boot counter, an unsigned 32-bit number */
    static BootSequence of(long counter) {
        return new BootSequence(counter << 32 | new SecureRandom().nextInt() & 0xFFFF_FFFFL);
    }

    /** @return the boot counter a boot id carries, unsigned */
    static long counter(long bootId) {
        return bootId >>> 32;
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
