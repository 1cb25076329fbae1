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
import java.util.List;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.netif.internal.LinkEvents.Event;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.RunningCommand;
import org.ipfailover.test.support.LogLines;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;

/**
 * The iproute2 backend's link watch against a real kernel (what every link watch does is in
 * {@link LinkWatchContract}): one `ip monitor link` per watch, started again when it dies. Needs
 * root (see {@link Needs}).
 */
class LinkWatchNamespaceTest extends LinkWatchContract {
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    @Test
    void aKilledMonitorIsStartedAgainAndTellsEveryInterfaceAgain() throws Exception {
        LinkMonitor watch = monitor(net.a, events);
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
        LinkMonitor closed = monitor(net.a, events);
        LinkMonitor other = monitor(net.a, otherEvents);
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
        LinkMonitor watch = monitor(net.a, events);
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

    @Override
    LinkWatch startWatch(String namespace, LinkEvents listener) throws Exception {
        return backend(namespace).watchLinks(listener);
    }

    @Override
    String label() {
        return "link watch";
    }

    @Override
    void closeBackends() {
        processes.close();
    }

    private LinkMonitor monitor(String namespace, LinkEvents listener) throws Exception {
        return (LinkMonitor) watch(namespace, listener);
    }

    private Iproute2Backend backend(String namespace) {
        NetifSettings settings = new NetifSettings(Iproute2Backend.NAME, namespace, 3, Duration.ofMillis(100), Duration.ZERO,
                Duration.ofSeconds(5), "ipfo");
        return new Iproute2Backend(settings, scheduler, processes);
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }
}
