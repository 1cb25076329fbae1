package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Beat;
import org.ipfailover.api.HeartbeatStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerBootsTest {
    private static final long OWN_BOOT = 1L << 32;
    private static final long PEER_BOOT = 1_790_000_000L << 32 | 0xABCD;

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    @Test
    void aBeatRecordedBeforeARestartIsAReplayAfterIt() {
        Path file = dir.resolve(PeerBoots.FILE);
        PeerBoots before = PeerBoots.load(file, warnings::add);
        BeatFilter running = filter(before);
        for (long sequence = 1; sequence <= 5; sequence++) {
            assertNull(running.reject(beat(PEER_BOOT, sequence)));
        }
        before.save();

        BeatFilter restarted = filter(PeerBoots.load(file, warnings::add));
        BeatFilter forgetful = filter(PeerBoots.load(dir.resolve("other"), warnings::add));

        assertNull(forgetful.reject(beat(PEER_BOOT, 5)), "without the file, a recorded beat passes: the test is meaningful");
        assertEquals(HeartbeatStatistics.REPLAY, restarted.reject(beat(PEER_BOOT, 5)));
        assertEquals(HeartbeatStatistics.REPLAY, restarted.reject(beat(PEER_BOOT, 1)));
        assertEquals(HeartbeatStatistics.REPLAY, restarted.reject(beat(PEER_BOOT - (1L << 32), 900)), "an older boot");
        assertNull(restarted.reject(beat(PEER_BOOT, 6)), "the peer's next beat");
        assertNull(restarted.reject(beat(PEER_BOOT + (1L << 32), 1)), "the peer restarted too");
        assertEquals(List.of(), warnings);
    }

    @Test
    void writesOnlyWhatChangedAndKeepsTheHighestBoot() throws IOException {
        Path file = dir.resolve("var").resolve(PeerBoots.FILE);
        PeerBoots boots = PeerBoots.load(file, warnings::add);
        boots.save();
        assertFalse(Files.exists(file), "nothing to write yet");

        assertTrue(boots.record("sec", PEER_BOOT, 7), "a new peer is worth writing at once");
        assertFalse(boots.record("sec", PEER_BOOT, 8), "an advancing sequence can wait");
        assertTrue(boots.record("sec", PEER_BOOT + (1L << 32), 1), "a risen boot counter is worth writing at once");
        assertFalse(boots.record("sec", PEER_BOOT, 9), "an older boot does not count");
        boots.save();

        String saved = Files.readString(file);
        assertTrue(saved.contains(String.format("sec=%016x 1", PEER_BOOT + (1L << 32))), saved);
        Files.delete(file);
        boots.save();
        assertFalse(Files.exists(file), "unchanged since the last write");
    }

    /** The file is written without Properties#store: every name still reads back as itself. */
    @Test
    void anyNodeNameReadsBackAsWritten() {
        Path file = dir.resolve(PeerBoots.FILE);
        List<String> names = List.of("plain", "with space", "a=b:c", "#hash", "!bang", "back\\slash", "tab\tnew\nline", "k\u00f6ln",
                "\u03bb\u00e9", " lead", "\u0001ctl");
        PeerBoots boots = PeerBoots.load(file, warnings::add);
        long sequence = 10;
        for (String name : names) {
            boots.record(name, PEER_BOOT, sequence++);
        }
        boots.save();

        PeerBoots restarted = PeerBoots.load(file, warnings::add);
        sequence = 10;
        for (String name : names) {
            assertFalse(restarted.admits(name, PEER_BOOT, sequence, 0), name + ": its recorded beat is a replay");
            assertTrue(restarted.admits(name, PEER_BOOT, ++sequence, 0), name + ": its next beat is taken");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFileItCannotUseIsReportedAndIgnored() throws IOException {
        Path file = dir.resolve(PeerBoots.FILE);
        Files.writeString(file, "sec=not a boot\nthird=0000000100000000 12\n");

        PeerBoots boots = PeerBoots.load(file, warnings::add);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("[sec]") && warnings.get(0).contains(file.toString()), warnings.get(0));
        assertFalse(boots.admits("third", 1L << 32, 12, 0), "the usable entries are kept");
        assertTrue(boots.admits("sec", 1, 1, 0));
    }

    @Test
    void aFailedWriteIsRetriedAtTheNextSave() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "");
        PeerBoots boots = PeerBoots.load(blocker.resolve(PeerBoots.FILE), warnings::add);
        boots.record("sec", PEER_BOOT, 1);
        boots.save();

        Files.delete(blocker);
        Files.createDirectory(blocker);
        boots.save();
        assertTrue(Files.readString(blocker.resolve(PeerBoots.FILE)).contains("sec="));
    }

    /** An idle pair writes the advancing sequences every second: only a new peer or boot, and the last save, go to disk. */
    @Test
    void onlyANewPeerANewBootAndTheLastSaveAreForcedToDisk() throws IOException {
        List<String> writes = new ArrayList<>();
        PeerBoots boots = PeerBoots.load(dir.resolve(PeerBoots.FILE), warnings::add,
                (file, content, durable) -> writes.add((durable ? "forced " : "written ") + new String(content).lines().skip(1).findFirst().orElse("")));
        boots.record("sec", PEER_BOOT, 1);
        boots.save();
        boots.record("sec", PEER_BOOT, 2);
        boots.save();
        boots.record("sec", PEER_BOOT, 3);
        boots.save();
        boots.saveDurably();
        boots.record("sec", PEER_BOOT + (1L << 32), 1);
        boots.save();
        boots.record("sec", PEER_BOOT + (1L << 32), 2);
        boots.saveDurably();
        boots.saveDurably();
        boots.save();
        String peer = String.format("sec=%016x ", PEER_BOOT);
        String rebooted = String.format("sec=%016x ", PEER_BOOT + (1L << 32));
        assertEquals(List.of("forced " + peer + 1, "written " + peer + 2, "written " + peer + 3, "forced " + peer + 3,
                "forced " + rebooted + 1, "forced " + rebooted + 2), writes,
                "the last save forces what was only written; nothing when nothing changed since a forced write");
    }

    @Test
    void aWriteThatFailedIsForcedWhenItIsRetried() throws IOException {
        List<Boolean> durable = new ArrayList<>();
        boolean[] fail = {true};
        PeerBoots boots = PeerBoots.load(dir.resolve(PeerBoots.FILE), warnings::add, (file, content, forced) -> {
            durable.add(forced);
            if (fail[0]) {
                throw new IOException("disk full");
            }
        });
        boots.record("sec", PEER_BOOT, 1);
        boots.save();
        fail[0] = false;
        boots.record("sec", PEER_BOOT, 2);
        boots.save();
        assertEquals(List.of(true, true), durable);
    }

    private static BeatFilter filter(PeerBoots boots) {
        return new BeatFilter("pri", OWN_BOOT, Set.of("public"), () -> Set.of("sec"), new ReplayWindow(), boots, () -> { });
    }

    private static Beat beat(long bootId, long sequence) {
        return new Beat("sec", bootId, sequence, "public", 100, List.of(), null, 0);
    }
}
