package org.ipfailover.heartbeat.internal;

/**
 * How many extra beats may go now: a burst of {@code burst} at once, then one more per
 * {@code refillNanos} (a token bucket). Thread-safe.
 */
final class ExtraBeatAllowance {
    private final int burst;
    private final long refillNanos;
    private int left;
    private long refilledNanos;

    ExtraBeatAllowance(int burst, long refillNanos, long nowNanos) {
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.left = burst;
        this.refilledNanos = nowNanos;
    }

    /** @return how long an extra beat asked for now has to wait: 0 while the burst lasts */
    synchronized long waitNanos(long nowNanos) {
        refill(nowNanos);
        return left > 0 ? 0 : Math.max(0, refilledNanos + refillNanos - nowNanos);
    }

    /** An extra beat goes now. */
    synchronized void take(long nowNanos) {
        refill(nowNanos);
        if (left > 0) {
            left--;
        }
    }

    private void refill(long nowNanos) {
        if (left >= burst) {
            refilledNanos = nowNanos;
            return;
        }
        long earned = (nowNanos - refilledNanos) / refillNanos;
        if (earned > 0) {
            left = (int) Math.min(burst, left + earned);
            refilledNanos = left >= burst ? nowNanos : refilledNanos + earned * refillNanos;
        }
    }
}
