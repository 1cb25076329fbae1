package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.netif.internal.LinkEvents.Event;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.RunningCommand;
import org.ipfailover.test.support.LogLines;
import org.ipfailover.test.support.Needs;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iproute2 backend's link watch against a real kernel: it watches namespace a, whose eth-a is
 * joined to eth-b in namespace b; the test pulls the cable on either side. Needs root (see
 * {@link Needs}). The latencies it prints run from {@code ip link set} returning to the listener's call.
 */
class LinkWatchNamespaceTest {
    private static final String LINKS_THREAD = "ipfailover-netif-links";
    private static final Predicate<LinkState> UP = LinkState::up;
    private static final Predicate<LinkState> DOWN = state -> !state.up();

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    final List<LinkWatch> watches = new ArrayList<>();
    final LinkEvents events = new LinkEvents();
    TestNamespaces net;

    @BeforeEach
    void createNamespaces() throws Exception {
        TestNamespaces.assumeAvailable();
        net = TestNamespaces.create();
    }

    @AfterEach
    void removeNamespaces() {
        watches.forEach(LinkWatch::close);
        scheduler.shutdownNow();
        processes.close();
        if (net != null) {
            net.close();
        }
    }

    @Test
    void tellsEveryInterfaceOnceBeforeItReturns() throws Exception {
        long start = System.nanoTime();
        watch(net.a, events);
        System.out.printf("link watch: started with every interface told in %.1f ms%n", (System.nanoTime() - start) / 1e6);

        assertEquals(List.of(new LinkState(TestNamespaces.DEVICE_A, true, "<BROADCAST,MULTICAST,UP,LOWER_UP> state UP"),
                new LinkState("lo", true, "<LOOPBACK,UP,LOWER_UP> state UNKNOWN")),
                events.all().stream().map(Event::state).sorted(Comparator.comparing(LinkState::device)).toList());
    }

    @Test
    void tellsALinkSetDownAndUpOnEitherSideOfTheCable() throws Exception {
        watch(net.a, events);
        events.awaitState("up", 0, TestNamespaces.DEVICE_A, UP);

        LinkState down = timed("set down here", () -> TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down"), DOWN);
        assertEquals("<BROADCAST,MULTICAST> state DOWN", down.detail());
        timed("set up here", () -> TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "up"), UP);

        LinkState pulled = timed("peer set down", () -> TestNamespaces.ip("-n", net.b, "link", "set", TestNamespaces.DEVICE_B, "down"), DOWN);
        // the kernel says DOWN or LOWERLAYERDOWN by the peer's namespace; it tells a lost carrier up to a second late (linkwatch)
        assertTrue(pulled.detail().startsWith("<NO-CARRIER,") && pulled.detail().contains(",UP") && pulled.detail().contains("DOWN"),
                pulled.detail());
        timed("peer set up", () -> TestNamespaces.ip("-n", net.b, "link", "set", TestNamespaces.DEVICE_B, "up"), UP);
    }

    @Test
    void aDeletedInterfaceIsDownAndSaysSo() throws Exception {
        watch(net.a, events);
        events.awaitState("up", 0, TestNamespaces.DEVICE_A, UP);
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-w0", "type", "veth", "peer", "name", "ipfo-w1");
        events.awaitState("down", 0, "ipfo-w0", DOWN);
        int before = events.size();

        TestNamespaces.ip("-n", net.a, "link", "del", "ipfo-w0");

        assertEquals("deleted", events.awaitState("deleted", before, "ipfo-w0", DOWN).state().detail());
        assertEquals("deleted", events.awaitState("deleted", before, "ipfo-w1", DOWN).state().detail());
    }

    @Test
    void aKilledMonitorIsStartedAgainAndTellsEveryInterfaceAgain() throws Exception {
        LinkMonitor watch = watch(net.a, events);
        events.awaitState("up", 0, TestNamespaces.DEVICE_A, UP);
        events.awaitState("up", 0, "lo", UP);
        long pid = watch.pid();
        int before = events.size();

        try (LogLines log = LogLines.of(LinkMonitor.class)) {
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());

            Event interruption = events.awaitInterruption(before);
            assertTrue(interruption.interruption().contains("monitor link` was killed by signal 9"), interruption.interruption());
            int after = events.indexOf(interruption);
            events.awaitState("told again", after, TestNamespaces.DEVICE_A, UP);
            events.awaitState("told again", after, "lo", UP);
            log.await(Level.INFO, "runs again");
            assertEquals(1, log.at(Level.WARN).size(), log.toString());
            assertTrue(log.has(Level.WARN, "killed by signal 9", "in 100 ms"), log.toString());
        }
        assertNotEquals(pid, watch.pid());
        assertTrue(watch.pid() > 0);

        timed("set down after the restart", () -> TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down"), DOWN);

        long restarted = watch.pid();
        assertEquals(1, linkThreads(), "the thread that restarted the monitor");
        watch.close();
        assertFalse(Files.exists(proc(restarted)));
        awaitTrue("no watch thread", () -> linkThreads() == 0);
    }

    @Test
    void closeLeavesNoProcessNoThreadAndTellsNothingMore() throws Exception {
        LinkEvents otherEvents = new LinkEvents();
        LinkMonitor closed = watch(net.a, events);
        LinkMonitor other = watch(net.a, otherEvents);
        events.awaitState("up", 0, TestNamespaces.DEVICE_A, UP);
        otherEvents.awaitState("up", 0, TestNamespaces.DEVICE_A, UP);
        long pid = closed.pid();
        assertTrue(Files.exists(proc(pid)));

        closed.close();

        assertFalse(Files.exists(proc(pid)), "the monitor is gone once close returns");
        int told = events.size();
        TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down");
        otherEvents.awaitState("down", 0, TestNamespaces.DEVICE_A, DOWN);
        assertEquals(told, events.size(), "told after close: " + events);

        long otherPid = other.pid();
        other.close();
        assertFalse(Files.exists(proc(otherPid)));
        awaitTrue("no watch thread", () -> linkThreads() == 0);
    }

    @Test
    void aWatchThatCannotStartSaysWhyAndLeavesNothingRunning() throws Exception {
        Iproute2Backend backend = backend(net.a + "-none");

        BackendException e = assertThrows(BackendException.class, () -> backend.watchLinks(events));

        assertTrue(e.getMessage().contains("monitor link` ended with exit status 255: Cannot open network namespace"), e.getMessage());
        assertEquals(0, events.size(), events.toString());
        awaitTrue("no watch thread", () -> linkThreads() == 0);
    }

    @Test
    void aMonitorThatCannotStartAgainIsReportedOnceAndTriedLessOften() throws Exception {
        LinkMonitor watch = watch(net.a, events);
        long pid = watch.pid();
        // the namespace lives on while the monitor is in it; once it is killed, no other can start there
        TestNamespaces.ip("netns", "del", net.a);

        try (LogLines log = LogLines.of(LinkMonitor.class).atLevel(Level.DEBUG)) {
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());

            Event interruption = events.awaitInterruption(0);
            assertTrue(interruption.interruption().contains("was killed by signal 9"), interruption.interruption());
            awaitTrue("two attempts in " + log, () -> log.at(Level.DEBUG, "trying again in").size() >= 2);
            assertTrue(log.has(Level.DEBUG, "Cannot open network namespace", "trying again in 200 ms")
                    && log.has(Level.DEBUG, "Cannot open network namespace", "trying again in 400 ms"), log.toString());
            assertEquals(1, log.at(Level.WARN).size(), log.toString());
            assertEquals(1, events.all().stream().filter(event -> event.interruption() != null).count(), "told once: " + events);
        }
    }

    @Test
    void procShowsWhenAMonitorListens() throws Exception {
        Needs.that(Files.isReadable(Path.of("/proc/self/syscall")), "/proc/<pid>/syscall is not readable here");
        RunningCommand monitor = processes.spawn(ProcessCommand.untilStopped(
                List.of(Tool.locate("ip", "iproute2", "test").command(), "-n", net.a, "-o", "monitor", "link")));
        RunningCommand sleeper = processes.spawn(ProcessCommand.untilStopped(List.of("sleep", "300")));
        try {
            awaitTrue("ip monitor to listen", () -> NetlinkListening.listens(NetlinkListening.PROC, monitor.pid()));
            assertFalse(NetlinkListening.listens(NetlinkListening.PROC, sleeper.pid()));
        } finally {
            monitor.stop();
            sleeper.stop();
        }
        assertFalse(NetlinkListening.listens(NetlinkListening.PROC, monitor.pid()), "a process that is gone");
    }

    private LinkMonitor watch(String namespace, LinkEvents listener) throws Exception {
        LinkMonitor watch = (LinkMonitor) backend(namespace).watchLinks(listener);
        watches.add(watch);
        return watch;
    }

    private Iproute2Backend backend(String namespace) {
        NetifSettings settings = new NetifSettings(Iproute2Backend.NAME, namespace, 3, Duration.ofMillis(100), Duration.ZERO,
                Duration.ofSeconds(5), "ipfo");
        return new Iproute2Backend(settings, scheduler, processes);
    }

    /** Runs the change, waits for the state of eth-a that it brings, and prints how long that took. */
    private LinkState timed(String change, Change command, Predicate<LinkState> wanted) throws Exception {
        int before = events.size();
        long start = System.nanoTime();
        command.run();
        long returned = System.nanoTime();
        Event told = events.awaitState(change, before, TestNamespaces.DEVICE_A, wanted);
        System.out.printf("link watch, %s: told %.1f ms after `ip link set` returned (%.1f ms after it started)%n", change,
                (told.nanos() - returned) / 1e6, (told.nanos() - start) / 1e6);
        return told.state();
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    private static long linkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(LINKS_THREAD))
                .filter(Thread::isAlive).count();
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }
}
