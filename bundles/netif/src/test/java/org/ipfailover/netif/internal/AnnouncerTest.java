package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncerTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final CommandRunner runner = new CommandRunner(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void sendsTheFirstAtOnceAndTheOthersAnIntervalApart() throws Exception {
        Path sent = dir.resolve("sent");
        Announcer announcer = new Announcer(runner, scheduler, 3, Duration.ofMillis(200), Duration.ofSeconds(2));

        long start = System.nanoTime();
        announcer.announce(VIP, List.of("sh", "-c", "date +%s%N >> " + sent));
        long returned = System.nanoTime();

        assertEquals(1, lines(sent).size(), "the first is sent before announce returns");
        assertTrue(returned - start < TimeUnit.MILLISECONDS.toNanos(350), "announce does not wait for the others");
        awaitLines(sent, 3);
        List<Long> times = lines(sent).stream().map(Long::parseLong).toList();
        assertTrue(times.get(1) - times.get(0) >= TimeUnit.MILLISECONDS.toNanos(100), times.toString());
        assertTrue(times.get(2) - times.get(1) >= TimeUnit.MILLISECONDS.toNanos(100), times.toString());
        TimeUnit.MILLISECONDS.sleep(300);
        assertEquals(3, lines(sent).size(), "no more than the count");
    }

    @Test
    void aFirstSendThatFailsAtOnceIsAnError() {
        Announcer announcer = new Announcer(runner, scheduler, 3, Duration.ofMillis(100), Duration.ofSeconds(2));

        BackendException e = assertThrows(BackendException.class,
                () -> announcer.announce(VIP, List.of("sh", "-c", "echo 'arping: Device eth0 not available.' >&2; exit 2")));

        assertTrue(e.getMessage().contains("exit status 2: arping: Device eth0 not available."), e.getMessage());
    }

    @Test
    void doesNotWaitForASendThatTakesLong() throws Exception {
        Announcer announcer = new Announcer(runner, scheduler, 1, Duration.ofMillis(100));

        long start = System.nanoTime();
        announcer.announce(VIP, List.of("sleep", "1"));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 500, "took " + millis + " ms");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static void awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (lines(file).size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + lines(file).size() + " of " + count + " sent");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
