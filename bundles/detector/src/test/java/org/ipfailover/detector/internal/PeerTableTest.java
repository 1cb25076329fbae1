package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.ipfailover.api.Beat;
import org.junit.jupiter.api.Test;

class PeerTableTest {
    static final long MS = 1_000_000L;
    final PeerTable table = new PeerTable(List.of("public", "private"), 400 * MS);
    long sequence;

    /**
     * At a dead time of three intervals, a peer whose two beats in a row were lost is heard again
     * just at the deadline: the beat that comes a little late (its sender's timer, this node's
     * receiver) must not find it convicted.
     */
    @Test
    void theBeatAfterTwoLostOnesMayComeALittleLateAtADeadTimeOfThreeIntervals() {
        DetectorSettings settings = new DetectorSettings("sec", List.of("public", "private"), 100, 300, java.nio.file.Path.of("var"));
        PeerTable tight = new PeerTable(settings.networks(), settings.silenceNanos());
        tight.record(new Beat("pri", 1, ++sequence, "public", 100, List.of(), new InetSocketAddress("198.51.100.1", 1694), 1_000 * MS));
        long lateThird = 1_300 * MS + 2 * MS;
        assertTrue(tight.alive("pri", lateThird - 1), "2 ms late, beats 2 and 3 lost: still alive");
        assertFalse(tight.alive("pri", 1_310 * MS), "a tenth of an interval past the dead time: dead");
    }

    @Test
    void aPeerNeverAuthenticatedButHeardWithABadMacIsAKeyMismatch() {
        table.recordUnauthenticated("pri", 1_000 * MS);
        assertTrue(table.unauthenticated("pri", 1_001 * MS), "no takeover from a peer that may be alive with another key");
        assertFalse(table.forged("pri", 1_001 * MS));
        assertTrue(table.view("pri", "web", 1_001 * MS).unauthenticated());
    }

    @Test
    void badMacsClaimingAPeerAuthenticatedBeforeAreNoEvidenceThatItLives() {
        beat("public", 1_000);
        table.recordUnauthenticated("pri", 1_500 * MS);
        table.recordUnauthenticated("pri", 1_700 * MS);
        assertFalse(table.alive("pri", 1_701 * MS), "only its authenticated beats count");
        assertFalse(table.unauthenticated("pri", 1_701 * MS), "forged beats must not veto a takeover");
        assertFalse(table.view("pri", "web", 1_701 * MS).unauthenticated());
        assertTrue(table.forged("pri", 1_701 * MS), "but they are an alarm");
        assertFalse(table.forged("pri", 2_200 * MS), "gone a dead time after the last one");
    }

    @Test
    void aPeerJustHeardOnOneNetworkIsNoAnomalyYet() {
        beat("public", 1_000);
        assertTrue(table.alive("pri", 1_001 * MS));
        assertFalse(table.anomaly("pri", 1_001 * MS), "the private beat of the same round is still on its way");
        beat("private", 1_002);
        assertFalse(table.anomaly("pri", 1_003 * MS));
    }

    @Test
    void aNetworkSilentForADeadTimeWhileTheOtherIsHeardIsAnAnomaly() {
        for (long at = 1_000; at <= 1_500; at += 100) {
            beat("public", at);
            beat("private", at);
        }
        for (long at = 1_600; at <= 2_200; at += 100) {
            beat("public", at);
            assertEquals(at - 1_500 >= 400, table.anomaly("pri", at * MS), "at " + at);
        }
    }

    @Test
    void aPeerHeardOnOneNetworkOnlyFromTheStartIsAnAnomalyAfterADeadTime() {
        for (long at = 1_000; at < 1_400; at += 100) {
            beat("public", at);
            assertFalse(table.anomaly("pri", at * MS + 1), "at " + at);
        }
        beat("public", 1_400);
        assertTrue(table.anomaly("pri", 1_400 * MS + 1));
    }

    @Test
    void aPeerBackFromSilenceIsJudgedAgainOnlyAfterADeadTime() {
        beat("public", 1_000);
        beat("private", 1_000);
        beat("public", 5_000);
        assertFalse(table.anomaly("pri", 5_001 * MS), "back after 4 s: its stale private beat does not count yet");
        beat("private", 5_001);
        assertFalse(table.anomaly("pri", 5_002 * MS));
    }

    @Test
    void theNextChangeIsTheEarliestSilenceOrJudgement() {
        assertEquals(Long.MAX_VALUE, table.nextChange(0), "no peer, nothing to wait for");
        beat("public", 1_000);
        beat("private", 1_050);
        assertEquals(1_400 * MS, table.nextChange(1_100 * MS), "public falls silent first (also the end of the first judgement)");
        beat("public", 1_100);
        assertEquals(1_450 * MS, table.nextChange(1_420 * MS), "then private");
        assertEquals(1_500 * MS, table.nextChange(1_460 * MS));
        assertEquals(Long.MAX_VALUE, table.nextChange(1_500 * MS), "silent everywhere: nothing more to come without a beat");
    }

    @Test
    void aPeerHeardAgainAfterSilenceIsAReasonToDecideAtOnce() {
        assertTrue(beat("public", 1_000), "a new peer");
        assertFalse(beat("private", 1_001), "the same announcement on the other network");
        assertFalse(beat("public", 1_100));
        assertTrue(beat("public", 2_000), "back after a silence longer than the dead time, announcing the same");
    }

    private boolean beat(String network, long atMillis) {
        return table.record(new Beat("pri", 7, sequence++, network, 100, List.of(), new InetSocketAddress("127.0.0.1", 1694),
                atMillis * MS));
    }
}
