package org.ipfailover.heartbeat.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The sequence numbers seen per (node, boot id), in a sliding window like IPsec's: a sequence
 * seen before, or older than the window, is a replay. A node keeps the windows of its latest few
 * boot ids only.
 */
final class ReplayWindow {
    static final int SIZE = 1024;
    static final int BOOTS_PER_NODE = 4;

    private final Map<String, Window[]> nodes = new HashMap<>();
    private long tick;

    /**
     * Records the sequence when it is new.
     *
     * @return false for a replay
     */
    synchronized boolean accept(String node, long bootId, long sequence) {
        Window[] boots = nodes.computeIfAbsent(node, n -> new Window[BOOTS_PER_NODE]);
        Window window = windowOf(boots, bootId);
        window.lastUsed = ++tick;
        return window.accept(sequence);
    }

    private static Window windowOf(Window[] boots, long bootId) {
        int oldest = 0;
        for (int i = 0; i < boots.length; i++) {
            if (boots[i] == null) {
                return boots[i] = new Window(bootId);
            }
            if (boots[i].bootId == bootId) {
                return boots[i];
            }
            if (boots[i].lastUsed < boots[oldest].lastUsed) {
                oldest = i;
            }
        }
        return boots[oldest] = new Window(bootId);
    }

    private static final class Window {
        final long bootId;
        final long[] seen = new long[SIZE / Long.SIZE];
        long highest;
        boolean empty = true;
        long lastUsed;

        Window(long bootId) {
            this.bootId = bootId;
        }

        boolean accept(long sequence) {
            if (empty) {
                empty = false;
                highest = sequence;
                mark(sequence);
                return true;
            }
            if (Long.compareUnsigned(sequence, highest) > 0) {
                if (Long.compareUnsigned(sequence - highest, SIZE) >= 0) {
                    Arrays.fill(seen, 0);
                } else {
                    for (long forgotten = highest + 1; forgotten != sequence; forgotten++) {
                        clear(forgotten);
                    }
                }
                highest = sequence;
                mark(sequence);
                return true;
            }
            if (Long.compareUnsigned(highest - sequence, SIZE) >= 0 || marked(sequence)) {
                return false;
            }
            mark(sequence);
            return true;
        }

        private void mark(long sequence) {
            int bit = (int) (sequence & (SIZE - 1));
            seen[bit >>> 6] |= 1L << bit;
        }

        private void clear(long sequence) {
            int bit = (int) (sequence & (SIZE - 1));
            seen[bit >>> 6] &= ~(1L << bit);
        }

        private boolean marked(long sequence) {
            int bit = (int) (sequence & (SIZE - 1));
            return (seen[bit >>> 6] & 1L << bit) != 0;
        }
    }
}
