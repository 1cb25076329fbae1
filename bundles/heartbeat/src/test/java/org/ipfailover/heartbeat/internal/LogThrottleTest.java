package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private static final long PERIOD = LogThrottle.PERIOD_NANOS;
    private final LogThrottle throttle = new LogThrottle();

    @Test
    void letsOneLinePerKeyAndPeriodThroughAndCountsTheRest() {
        long t = 123_456_789L;
        assertEquals(1, throttle.due("badMac", t));
        assertEquals(0, throttle.due("badMac", t + 1));
        assertEquals(0, throttle.due("badMac", t + PERIOD - 1));
        assertEquals(1, throttle.due("replay", t + 2));
        assertEquals(3, throttle.due("badMac", t + PERIOD));
        assertEquals(0, throttle.due("badMac", t + PERIOD + 5));
        assertEquals(1, throttle.due("replay", t + 3 * PERIOD));
    }
}
