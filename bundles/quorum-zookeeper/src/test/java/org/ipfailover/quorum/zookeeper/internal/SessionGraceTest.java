package org.ipfailover.quorum.zookeeper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionGraceTest {
    static final long MS = 1_000_000L;
    static final long SESSION = 6000;
    static final long PROBE = SessionGrace.probeMillis(SESSION);

    @Test
    void nothingAnsweredYetIsNoGrace() {
        SessionGrace grace = new SessionGrace();
        assertTrue(grace.remainingNanos(1_000 * MS, SESSION, PROBE) <= 0);
    }

    @Test
    void theLeasesAreKeptUntilAThirdOfTheSessionBeforeItCanExpire() {
        SessionGrace grace = new SessionGrace();
        grace.answered(10_000 * MS);
        // the session cannot expire before sent - probe + T: the leases go a third of T before that
        long expiresNoEarlierThan = 10_000 * MS - PROBE * MS + SESSION * MS;
        long lostAt = 10_000 * MS + grace.remainingNanos(10_000 * MS, SESSION, PROBE);
        assertEquals(SESSION * MS / 3, expiresNoEarlierThan - lostAt);
        assertEquals(300, PROBE);
        assertEquals(3700 * MS, grace.remainingNanos(10_000 * MS, SESSION, PROBE));
    }

    @Test
    void aServerThatFellSilentLeavesNoGrace() {
        SessionGrace grace = new SessionGrace();
        grace.answered(10_000 * MS);
        // the client notices a silent server 2/3 T after its last answer: the grace is over by then
        assertTrue(grace.remainingNanos(10_000 * MS + SESSION * 2 / 3 * MS, SESSION, PROBE) <= 0);
    }

    @Test
    void anOlderAnswerDoesNotMoveTheGraceBackAndANewSessionStartsWithNone() {
        SessionGrace grace = new SessionGrace();
        grace.answered(10_000 * MS);
        grace.answered(9_000 * MS);
        assertEquals(3700 * MS, grace.remainingNanos(10_000 * MS, SESSION, PROBE));
        grace.newSession();
        assertTrue(grace.remainingNanos(10_000 * MS, SESSION, PROBE) <= 0);
    }
}
