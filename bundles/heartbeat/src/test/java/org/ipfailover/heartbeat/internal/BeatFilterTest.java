package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.ipfailover.api.Beat;
import org.ipfailover.api.HeartbeatStatistics;
import org.junit.jupiter.api.Test;

class BeatFilterTest {
    private final ReplayWindow replays = new ReplayWindow();
    private final BeatFilter publicSocket = new BeatFilter("pri", Set.of("public"), () -> Set.of("sec"), replays);

    @Test
    void takesANewBeatOfAPeerOnAServedNetwork() {
        assertNull(publicSocket.reject(beat("sec", "public", 1)));
    }

    @Test
    void dropsOurOwnBeats() {
        assertEquals(HeartbeatStatistics.OWN, publicSocket.reject(beat("pri", "public", 1)));
    }

    @Test
    void dropsBeatsOfNodesThatAreNotPeers() {
        assertEquals(HeartbeatStatistics.UNKNOWN_NODE, publicSocket.reject(beat("intruder", "public", 1)));
    }

    @Test
    void dropsNetworksTheSocketDoesNotServe() {
        assertEquals(HeartbeatStatistics.UNKNOWN_NETWORK, publicSocket.reject(beat("sec", "private", 1)));
        assertEquals(HeartbeatStatistics.UNKNOWN_NETWORK, publicSocket.reject(beat("sec", "lab", 1)));
    }

    @Test
    void dropsReplaysAcrossSocketsAndChecksTheWindowLast() {
        BeatFilter everyAddress = new BeatFilter("pri", Set.of("public", "private"), () -> Set.of("sec"), replays);
        assertEquals(HeartbeatStatistics.UNKNOWN_NETWORK, publicSocket.reject(beat("sec", "private", 5)));
        assertNull(everyAddress.reject(beat("sec", "private", 5)));
        assertEquals(HeartbeatStatistics.REPLAY, everyAddress.reject(beat("sec", "private", 5)));
        assertEquals(HeartbeatStatistics.REPLAY, publicSocket.reject(beat("sec", "public", 5)));
    }

    private static Beat beat(String node, String network, long sequence) {
        return new Beat(node, 42, sequence, network, 100, List.of(), null, 0);
    }
}
