package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.test.support.Await;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncerTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final CommandResult SENT = new CommandResult(List.of("arping"), 0, "", "", null);

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    final CommandRunner runner = new CommandRunner(processes, Duration.ofSeconds(5));

    @TempDir
    Path dir;

    final List<List<String>> started = Collections.synchronizedList(new ArrayList<>());
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        processes.close();
        logger().detachAppender(log);
    }

    @Test
    void sendsTheFirstAtOnceAndTheOthersAnIntervalApart() throws Exception {
        Path sent = dir.resolve("sent");
        Announcer announcer = new Announcer(command -> {
            started.add(command);
            return runner.start(command);
        }, scheduler, 3, Duration.ofMillis(200), Duration.ofSeconds(2));

        announcer.announce(VIP, List.of("sh", "-c", "date +%s%N >> " + sent));

        assertTrue(lines(sent).size() >= 1, "the first is sent before announce returns");
        awaitTrue("three sent", () -> lines(sent).size() >= 3);
        List<Long> times = lines(sent).stream().map(Long::parseLong).toList();
        assertTrue(times.get(1) - times.get(0) >= TimeUnit.MILLISECONDS.toNanos(100), times.toString());
        assertTrue(times.get(2) - times.get(1) >= TimeUnit.MILLISECONDS.toNanos(100), times.toString());
        afterEverySendThatWasDue(3 * 200);
        assertEquals(3, started.size(), "no more than the count: " + started);
    }

    /** The repeats are a minute apart here: an announce that waited for them would not return within the test's timeout. */
    @Test
    void doesNotWaitForTheRepeats() {
        Announcer announcer = new Announcer(recording(CompletableFuture.completedFuture(SENT)), scheduler, 3, Duration.ofMinutes(1),
                Duration.ofSeconds(2));

        assertTimeoutPreemptively(Await.TIMEOUT, () -> announcer.announce(VIP, List.of("arping", "first")), "announce waited for the repeats");

        assertEquals(1, started.size(), started.toString());
        announcer.cancel(VIP);
    }

    @Test
    void aFirstSendThatFailsAtOnceIsAnError() {
        Announcer announcer = new Announcer(runner, scheduler, 3, Duration.ofMillis(100), Duration.ofSeconds(2));

        BackendException e = assertThrows(BackendException.class,
                () -> announcer.announce(VIP, List.of("sh", "-c", "echo 'arping: Device eth0 not available.' >&2; exit 2")));

        assertTrue(e.getMessage().contains("exit status 2: arping: Device eth0 not available."), e.getMessage());
    }

    /**
     * The interface is down when the address is added (the first send fails at once, the repeats
     * too), and comes back later: the announcements go on, further and further apart, until one
     * goes out, and then stop.
     */
    @Test
    void announcementsThatNeverWentOutAreSentAgainUntilOneDoes() throws Exception {
        CommandResult down = new CommandResult(List.of("arping"), 2, "", "arping: Device eth0 not available.", null);
        java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger(5);
        Announcer announcer = new Announcer(command -> {
            started.add(command);
            return CompletableFuture.completedFuture(failing.getAndDecrement() > 0 ? down : SENT);
        }, scheduler, 3, Duration.ofMillis(20), Duration.ofSeconds(2));

        assertThrows(BackendException.class, () -> announcer.announce(VIP, List.of("arping", "first")));

        awaitStarted(6);
        afterEverySendThatWasDue(1000); // retries 20, 40, 80, 160 ms apart: a further one would be due within the second
        assertEquals(6, started.size(), "five failed sends, then one that went out, then none: " + started);
    }

    @Test
    void failedAnnouncementsOfAReleasedAddressAreNotSentAgain() throws Exception {
        CommandResult down = new CommandResult(List.of("arping"), 2, "", "arping: Device eth0 not available.", null);
        Announcer announcer = new Announcer(recording(CompletableFuture.completedFuture(down)), scheduler, 2, Duration.ofMillis(20),
                Duration.ofSeconds(2));

        assertThrows(BackendException.class, () -> announcer.announce(VIP, List.of("arping", "first")));
        awaitStarted(3);
        announcer.cancel(VIP);
        int atCancel = started.size();
        afterEverySendThatWasDue(1000); // retries 20, 40, 80, 160 ms apart: a further one would be due within the second

        assertEquals(atCancel, started.size(), "sent after the release: " + started);
    }

    /** The first send never ends: announce gives it {@link Announcer#FIRST_SEND_GRACE} and returns. */
    @Test
    void doesNotWaitForASendThatTakesLong() {
        Announcer announcer = new Announcer(recording(new CompletableFuture<>()), scheduler, 1, Duration.ofMillis(100));

        assertTimeoutPreemptively(Await.TIMEOUT, () -> announcer.announce(VIP, List.of("arping", "lingering")),
                "announce waited for a send still under way");
        assertEquals(1, started.size(), started.toString());
    }

    @Test
    void cancellingStopsTheAnnouncementsStillToCome() throws Exception {
        Announcer announcer = new Announcer(recording(CompletableFuture.completedFuture(SENT)), scheduler, 5, Duration.ofMillis(50),
                Duration.ofSeconds(2));

        announcer.announce(VIP, List.of("arping", "first"));
        awaitStarted(2);
        announcer.cancel(VIP);
        int atCancel = started.size();
        afterEverySendThatWasDue(5 * 50);

        assertEquals(atCancel, started.size(), "sent after the cancel: " + started);
        assertTrue(atCancel < 5, "the test cancelled too late to tell: " + started);
    }

    @Test
    void anAnnouncementThatEndsAfterTheCancelIsNoWarning() throws Exception {
        log.start();
        logger().addAppender(log);
        CompletableFuture<CommandResult> inFlight = new CompletableFuture<>();
        Announcer announcer = new Announcer(recording(inFlight), scheduler, 1, Duration.ofMillis(50), Duration.ofMillis(10));
        announcer.announce(VIP, List.of("arping", "slow"));

        announcer.cancel(VIP);
        inFlight.complete(new CommandResult(List.of("arping", "slow"), 2, "",
                "arping: bind: Cannot assign requested address", null));

        assertEquals(List.of(), warnings(), "the address is gone: its last announcement failing is expected");
    }

    @Test
    void aNewAnnouncementReplacesTheRepeatsOfThePreviousOne() throws Exception {
        Announcer announcer = new Announcer(recording(CompletableFuture.completedFuture(SENT)), scheduler, 3, Duration.ofMillis(50),
                Duration.ofSeconds(2));

        announcer.announce(VIP, List.of("arping", "old"));
        announcer.announce(VIP, List.of("arping", "new"));
        afterEverySendThatWasDue(3 * 50);

        assertEquals(1, started.stream().filter(command -> command.contains("old")).count(), started.toString());
        assertEquals(3, started.stream().filter(command -> command.contains("new")).count(), started.toString());
    }

    /** Records every command started; each ends as {@code end} does. */
    private Announcer.Runs recording(CompletableFuture<CommandResult> end) {
        return command -> {
            started.add(command);
            return end;
        };
    }

    private void awaitStarted(int count) throws InterruptedException {
        awaitTrue(count + " started, " + started, () -> started.size() >= count);
    }

    /** The scheduler runs its tasks in the order they are due: once this one has run, every send due before it has. */
    private void afterEverySendThatWasDue(long millis) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        scheduler.schedule(done::countDown, millis + 50, TimeUnit.MILLISECONDS);
        assertTrue(done.await(5, TimeUnit.SECONDS), "the scheduler did not get there");
    }

    private List<String> warnings() {
        synchronized (log) {
            return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private static Logger logger() {
        return (Logger) org.slf4j.LoggerFactory.getLogger(Announcer.class);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
