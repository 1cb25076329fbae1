package org.ipfailover.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the campaign reads from the nodes and the tools: ip monitor lines, history tables, mail subjects. */
class ParsingTest {
    private static final String HISTORY = """
            TIME                     EVENT          GROUP/PEER  CHANGE              REASON
            2026-12-03 07:48:21.554  STATE_CHANGED  web         INIT->RECOVER       listened to the peers
            2026-12-03 07:48:21.753  TAKEOVER       web         ACQUIRING->UP       no node holds the group: eth0:198.51.100.10/24 added
            2026-12-03 07:48:22.001  PEER_FOUND     sec                             sec is heard again
            2026-12-03 07:48:22.002  NOT_DECIDING   -                               it cannot be heard
            """;

    @Test
    void addressMonitorLinesGiveTheVipTheHostAndTheKernelTime() {
        AddressWatch watch = new AddressWatch(Set.of("198.51.100.10"));
        AddressWatch.Change added = watch.parse("pri",
                "[2026-12-03T07:48:21.753456] 2: eth0    inet 198.51.100.10/24 scope global secondary eth0:ipfo\\       valid_lft forever");
        AddressWatch.Change deleted = watch.parse("sec", "[2026-12-03T07:48:22.000001] Deleted 2: eth0    inet 198.51.100.10/24 scope global");
        assertTrue(added.added());
        assertEquals(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2026-12-03T07:48:21.753456Z")), added.micros(),
                "ip -ts runs with TZ=UTC");
        assertFalse(deleted.added());
        assertEquals("sec", deleted.host());
        assertNull(watch.parse("pri", "[2026-12-03T07:48:21.753456] 2: eth0    inet 198.51.100.1/24 brd 198.51.100.255 scope global eth0"));
        assertNull(watch.parse("pri", "[2026-12-03T07:48:21.753456] 2: eth0    inet 198.51.100.100/24 scope global eth0"));
    }

    @Test
    void aHistoryRowAndItsMailHaveTheSameKey() {
        HistoryBook book = new HistoryBook();
        assertEquals(4, book.add("pri", 1, HISTORY));
        Map<EventKey, Integer> events = book.events();
        String offset = DateTimeFormatter.ofPattern("XXX").format(LocalDateTime.of(2026, 12, 3, 7, 48).atZone(ZoneId.systemDefault()));
        assertEquals(1, events.get(EventKey.ofSubject("pri|TAKEOVER|web|ACQUIRING|UP|2026-12-03 07:48:21.753 " + offset)));
        assertEquals(1, events.get(EventKey.ofSubject("pri|PEER_FOUND|sec|-|-|2026-12-03 07:48:22.001 " + offset)));
        assertEquals(1, events.get(EventKey.ofSubject("pri|NOT_DECIDING|pri|-|-|2026-12-03 07:48:22.002 " + offset)),
                "an event of the node itself: its mail names the node, its history row no group or peer");
        assertNull(EventKey.ofSubject("[ipfailover] TAKEOVER web: pri now holds 198.51.100.10"));
    }

    @Test
    void snapshotsOfOneRunCountAnEventOnceAndRunsAddUp() {
        HistoryBook book = new HistoryBook();
        book.add("pri", 1, HISTORY);
        book.add("pri", 1, HISTORY);
        assertTrue(book.events().values().stream().allMatch(count -> count == 1));
        book.add("pri", 2, HISTORY.lines().limit(2).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(2, book.events().values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    @Test
    void eventLinesOfTheNodeLogAreKeysToo() throws Exception {
        Path log = Files.createTempFile("ipfailover", ".log");
        Files.writeString(log, """
                2026-12-03 07:48:21.554 INFO  [ipfailover-detector-1] org.ipfailover.events - STATE_CHANGED group web INIT -> RECOVER: listened
                2026-12-03 07:48:21.560 INFO  [main] o.i.n.m.internal.MailNotifier - Mail chaos: [...]
                2026-12-03 07:48:22.002 INFO  [ipfailover-detector-1] org.ipfailover.events - NOT_DECIDING peer null: it cannot be heard
                """);
        List<EventKey> keys = Verdicts.parseLog("pri", log);
        Files.delete(log);
        assertEquals(2, keys.size());
        assertEquals("INIT->RECOVER", keys.get(0).change());
        assertEquals("pri", keys.get(1).target());
    }

    @Test
    void aForgedBeatFollowsTheWireFormatAndClaimsTheNode() throws Exception {
        try (BeatForger forger = new BeatForgerForTest().forger()) {
            ByteBuffer beat = forger.datagram("pri", 7, 1, Group.of(List.of("pri", "sec")));
            assertEquals("IPFO", new String(new byte[] {beat.get(0), beat.get(1), beat.get(2), beat.get(3)}, StandardCharsets.US_ASCII));
            assertEquals(2, beat.get(4), "wire format v2");
            assertEquals(1, beat.get(5), "flags: authenticated");
            assertEquals(3, beat.get(6));
            assertEquals("pri", new String(new byte[] {beat.get(7), beat.get(8), beat.get(9)}, StandardCharsets.UTF_8));
            int groups = (1 + 3 + 2 + 4) + (1 + 2 + 2 + 4);
            assertEquals(6 + (1 + 3) + 8 + 8 + (1 + 6) + 4 + 1 + 1 + 2 + groups + 16, beat.remaining());
        }
    }

    /** A forger bound to loopback: the lab's client address exists only in the lab. */
    private static final class BeatForgerForTest {
        BeatForger forger() throws IOException {
            return new BeatForger(new Random(1), "127.0.0.1");
        }
    }
}
