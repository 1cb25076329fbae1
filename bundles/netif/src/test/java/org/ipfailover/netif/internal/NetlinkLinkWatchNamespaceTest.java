package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.netif.internal.LinkEvents.Event;
import org.ipfailover.test.support.Needs;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The netlink backend's link watch against a real kernel: it watches namespace a, whose eth-a is
 * joined to eth-b in namespace b; the test pulls the cable on either side. Needs root (see
 * {@link Needs}). The latencies it prints run from {@code ip link set} returning to the listener's call.
 */
class NetlinkLinkWatchNamespaceTest {
    private static final String LINKS_THREAD = "ipfailover-netif-links";
    private static final Predicate<LinkState> UP = LinkState::up;
    private static final Predicate<LinkState> DOWN = state -> !state.up();

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final List<LinkWatch> watches = new ArrayList<>();
    final List<NetlinkBackend> backends = new ArrayList<>();
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
        backends.forEach(NetlinkBackend::close);
        scheduler.shutdownNow();
        if (net != null) {
            net.close();
        }
    }

    @Test
    void tellsEveryInterfaceOnceBeforeItReturns() throws Exception {
        long start = System.nanoTime();
        watch(net.a, events);
        System.out.printf("netlink link watch: started with every interface told in %.1f ms%n", (System.nanoTime() - start) / 1e6);

        assertEquals(List.of(new LinkState(TestNamespaces.DEVICE_A, true, "<BROADCAST,MULTICAST,UP,LOWER_UP> state UP"),
                new LinkState("lo", true, "<LOOPBACK,UP,LOWER_UP> state UNKNOWN")),
                events.all().stream().map(Event::state).sorted(Comparator.comparing(LinkState::device)).toList());
    }

    @Test
    void tellsALinkSetDownAndUpOnEitherSideOfTheCable() throws Exception {
        watch(net.a, events);

        LinkState down = timed("set down here", () -> TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down"), DOWN);
        assertEquals("<BROADCAST,MULTICAST> state DOWN", down.detail());
        timed("set up here", () -> TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "up"), UP);

        LinkState pulled = timed("peer set down", () -> TestNamespaces.ip("-n", net.b, "link", "set", TestNamespaces.DEVICE_B, "down"), DOWN);
        assertTrue(pulled.detail().startsWith("<NO-CARRIER,BROADCAST,MULTICAST,UP> state ") && pulled.detail().contains("DOWN"),
                pulled.detail());
        timed("peer set up", () -> TestNamespaces.ip("-n", net.b, "link", "set", TestNamespaces.DEVICE_B, "up"), UP);
    }

    @Test
    void aDeletedInterfaceIsDownAndSaysSo() throws Exception {
        watch(net.a, events);
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-w0", "type", "veth", "peer", "name", "ipfo-w1");
        events.awaitState("down", 0, "ipfo-w0", DOWN);
        int before = events.size();

        TestNamespaces.ip("-n", net.a, "link", "del", "ipfo-w0");

        assertEquals("deleted", events.awaitState("deleted", before, "ipfo-w0", DOWN).state().detail());
        assertEquals("deleted", events.awaitState("deleted", before, "ipfo-w1", DOWN).state().detail());
    }

    @Test
    void anOverrunSocketSaysSoAndTellsEveryInterfaceAgain() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        LinkEvents slow = new LinkEvents();
        LinkListener blocking = new LinkListener() {
            @Override
            public void linkChanged(LinkState state) {
                slow.linkChanged(state);
                if (Thread.currentThread().getName().equals(LINKS_THREAD)) {
                    // a listener that does not return at once, so that the kernel's notifications pile up
                    awaitQuietly(held);
                }
            }

            @Override
            public void watchInterrupted(String reason) {
                slow.watchInterrupted(reason);
            }
        };
        LinkWatch watch = backend(net.a).watchLinks(blocking);
        watches.add(watch);
        Path batch = Files.createTempFile("ipfo-netif-toggles", ".batch");
        try {
            StringBuilder toggles = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                toggles.append("link set ").append(TestNamespaces.DEVICE_A).append(i % 2 == 0 ? " down\n" : " up\n");
            }
            Files.writeString(batch, toggles);
            TestNamespaces.ip("-n", net.a, "-batch", batch.toString());
        } finally {
            Files.delete(batch);
        }
        held.countDown();

        Event interruption = slow.awaitInterruption(0);
        assertTrue(interruption.interruption().contains("rtnetlink socket overrun"), interruption.interruption());
        int after = slow.indexOf(interruption);
        slow.awaitState("told again", after, "lo", UP);
        slow.awaitState("told again", after, TestNamespaces.DEVICE_A, UP);
    }

    @Test
    void closeLeavesNoThreadAndTellsNothingMore() throws Exception {
        LinkEvents otherEvents = new LinkEvents();
        LinkWatch closed = watch(net.a, events);
        watch(net.a, otherEvents);
        assertEquals(2, linkThreads());

        closed.close();

        assertEquals(1, linkThreads(), "the closed watch's thread is gone once close returns");
        int told = events.size();
        TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down");
        otherEvents.awaitState("down", 0, TestNamespaces.DEVICE_A, DOWN);
        assertEquals(told, events.size(), "told after close: " + events);
    }

    @Test
    void aWithdrawnBackendEndsItsWatches() throws Exception {
        NetlinkBackend backend = backend(net.a);
        backend.watchLinks(events);
        assertEquals(1, linkThreads());

        backend.close();

        assertEquals(0, linkThreads());
        assertEquals(List.of("the network backend netlink was withdrawn"),
                events.all().stream().map(Event::interruption).filter(reason -> reason != null).toList());
        BackendException e = assertThrows(BackendException.class, () -> backend.watchLinks(events));
        assertEquals("the network backend netlink was withdrawn", e.getMessage());
    }

    @Test
    void aWatchThatCannotStartSaysWhyAndLeavesNothingRunning() throws Exception {
        NetlinkBackend backend = backend(net.a + "-none");

        BackendException e = assertThrows(BackendException.class, () -> backend.watchLinks(events));

        assertEquals("cannot watch the interfaces of network namespace " + net.a + "-none: cannot open network namespace "
                + net.a + "-none (/var/run/netns/" + net.a + "-none): No such file or directory", e.getMessage());
        assertEquals(0, events.size(), events.toString());
        awaitTrue("no watch thread", () -> linkThreads() == 0);
    }

    private LinkWatch watch(String namespace, LinkEvents listener) throws Exception {
        LinkWatch watch = backend(namespace).watchLinks(listener);
        watches.add(watch);
        return watch;
    }

    private NetlinkBackend backend(String namespace) {
        NetlinkBackend backend = new NetlinkBackend(new NetifSettings(NetlinkBackend.NAME, namespace, 3, Duration.ofMillis(100),
                Duration.ZERO, Duration.ofSeconds(5), "ipfo"), scheduler);
        backends.add(backend);
        return backend;
    }

    /** Runs the change, waits for the state of eth-a that it brings, and prints how long that took. */
    private LinkState timed(String change, Change command, Predicate<LinkState> wanted) throws Exception {
        int before = events.size();
        long start = System.nanoTime();
        command.run();
        long returned = System.nanoTime();
        Event told = events.awaitState(change, before, TestNamespaces.DEVICE_A, wanted);
        System.out.printf("netlink link watch, %s: told %.1f ms after `ip link set` returned (%.1f ms after it started)%n", change,
                (told.nanos() - returned) / 1e6, (told.nanos() - start) / 1e6);
        return told.state();
    }

    private static long linkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(LINKS_THREAD))
                .filter(Thread::isAlive).count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }
}
