package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Beat;
import org.ipfailover.api.HeartbeatStatistics;
import org.junit.jupiter.api.Test;

class BeatFilterTest {
    private static final long OWN_BOOT = 7L << 32 | 1;
    private static final long PEER_BOOT = 42L << 32 | 9;

    private final ReplayWindow replays = new ReplayWindow();
    private final PeerBoots peerBoots = PeerBoots.load(Path.of("/nonexistent", PeerBoots.FILE), line -> { });
    private int saves;
    private final BeatFilter publicSocket = filter(Set.of("public"));

    @Test
    void takesANewBeatOfAPeerOnAServedNetwork() {
        assertNull(publicSocket.reject(beat("sec", "public", 1)));
    }

    @Test
    void dropsOurOwnBeats() {
        assertEquals(HeartbeatStatistics.OWN, publicSocket.reject(new Beat("pri", OWN_BOOT, 1, "public", 100, List.of(),
                null, 0)));
    }

    @Test
    void tellsABeatWithOurIdUnderAnotherBootFromOurOwn() {
        assertEquals(BeatFilter.DUPLICATE_NODE, publicSocket.reject(beat("pri", "public", 1)));
        assertEquals(BeatFilter.DUPLICATE_NODE, publicSocket.reject(beat("pri", "lab", 1)));
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
        BeatFilter everyAddress = filter(Set.of("public", "private"));
        assertEquals(HeartbeatStatistics.UNKNOWN_NETWORK, publicSocket.reject(beat("sec", "private", 5)));
        assertNull(everyAddress.reject(beat("sec", "private", 5)));
        assertEquals(HeartbeatStatistics.REPLAY, everyAddress.reject(beat("sec", "private", 5)));
        assertEquals(HeartbeatStatistics.REPLAY, publicSocket.reject(beat("sec", "public", 5)));
    }

    @Test
    void dropsBeatsOfAnOlderBootThanOneSeenAndSavesWhenABootCounterRises() {
        assertNull(publicSocket.reject(beat("sec", "public", 5)));
        assertEquals(1, saves, "a new peer's boot is saved at once");
        assertNull(publicSocket.reject(new Beat("sec", 43L << 32, 1, "public", 100, List.of(), null, 0)));
        assertEquals(2, saves, "a risen boot counter is saved at once");
        assertNull(publicSocket.reject(new Beat("sec", 43L << 32, 2, "public", 100, List.of(), null, 0)));
        assertEquals(2, saves, "an advancing sequence is saved later");

        assertEquals(HeartbeatStatistics.REPLAY, publicSocket.reject(beat("sec", "public", 6)),
                "the previous boot's beats are replays once a newer boot was heard");
    }

    private BeatFilter filter(Set<String> served) {
        return new BeatFilter("pri", OWN_BOOT, served, () -> Set.of("sec"), replays, peerBoots, () -> saves++);
    }

    private static Beat beat(String node, String network, long sequence) {
        return new Beat(node, PEER_BOOT, sequence, network, 100, List.of(), null, 0);
    }
}
