package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExtraBeatAllowanceTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstGoesAtOnceThenOnePerRefill() {
        ExtraBeatAllowance allowance = new ExtraBeatAllowance(4, 10 * MS, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, allowance.waitNanos(i * MS), "extra beat " + (i + 1) + " of the burst");
            allowance.take(i * MS);
        }
        assertEquals(7 * MS, allowance.waitNanos(3 * MS), "the fifth waits for the first refill");
        allowance.take(10 * MS);
        assertEquals(10 * MS, allowance.waitNanos(10 * MS), "then one per refill");
    }

    @Test
    void quietTimeRefillsTheBurstButNoMore() {
        ExtraBeatAllowance allowance = new ExtraBeatAllowance(4, 10 * MS, 0);
        for (int i = 0; i < 4; i++) {
            allowance.take(0);
        }
        long later = 1_000 * MS;
        for (int i = 0; i < 4; i++) {
            assertEquals(0, allowance.waitNanos(later), "extra beat " + (i + 1) + " after a quiet second");
            allowance.take(later);
        }
        assertEquals(10 * MS, allowance.waitNanos(later), "a quiet second earns one burst, not a hundred beats");
    }

    @Test
    void partlyRefilledKeepsTheRemainder() {
        ExtraBeatAllowance allowance = new ExtraBeatAllowance(4, 10 * MS, 0);
        for (int i = 0; i < 4; i++) {
            allowance.take(0);
        }
        assertEquals(0, allowance.waitNanos(25 * MS), "two earned after 25 ms");
        allowance.take(25 * MS);
        allowance.take(25 * MS);
        assertEquals(5 * MS, allowance.waitNanos(25 * MS), "the third is earned at 30 ms, not 35");
    }
}
