package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.netif.internal.LinkEvents.Event;
import org.ipfailover.test.support.Needs;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend's link watch does, against a real kernel: it watches namespace a, whose eth-a
 * is joined to eth-b in namespace b; the test pulls the cable on either side. Needs root (see
 * {@link Needs}). The latencies it prints run from {@code ip link set} returning to the
 * listener's call. A backend's own test adds what only it does.
 */
abstract class LinkWatchContract {
    static final String LINKS_THREAD = "ipfailover-netif-links";
    static final Predicate<LinkState> UP = LinkState::up;
    static final Predicate<LinkState> DOWN = state -> !state.up();

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final List<LinkWatch> watches = new ArrayList<>();
    final LinkEvents events = new LinkEvents();
    TestNamespaces net;

    /** @return a watch of the namespace's links through the backend under test, closed after the test */
    abstract LinkWatch startWatch(String namespace, LinkEvents listener) throws Exception;

    /** What the printed latencies are of, e.g. "netlink link watch". */
    abstract String label();

    /** Releases what the backend under test holds, after its watches are closed. */
    void closeBackends() {
    }

    @BeforeEach
    void createNamespaces() throws Exception {
        TestNamespaces.assumeAvailable();
        net = TestNamespaces.create();
    }

    @AfterEach
    void removeNamespaces() {
        watches.forEach(LinkWatch::close);
        closeBackends();
        scheduler.shutdownNow();
        if (net != null) {
            net.close();
        }
    }

    @Test
    void tellsEveryInterfaceOnceBeforeItReturns() throws Exception {
        long start = System.nanoTime();
        watch(net.a, events);
        System.out.printf("%s: started with every interface told in %.1f ms%n", label(), (System.nanoTime() - start) / 1e6);

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

    LinkWatch watch(String namespace, LinkEvents listener) throws Exception {
        LinkWatch watch = startWatch(namespace, listener);
        watches.add(watch);
        return watch;
    }

    /** Runs the change, waits for the state of eth-a that it brings, and prints how long that took. */
    LinkState timed(String change, Change command, Predicate<LinkState> wanted) throws Exception {
        int before = events.size();
        long start = System.nanoTime();
        command.run();
        long returned = System.nanoTime();
        Event told = events.awaitState(change, before, TestNamespaces.DEVICE_A, wanted);
        System.out.printf("%s, %s: told %.1f ms after `ip link set` returned (%.1f ms after it started)%n", label(), change,
                (told.nanos() - returned) / 1e6, (told.nanos() - start) / 1e6);
        return told.state();
    }

    static long linkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(LINKS_THREAD))
                .filter(Thread::isAlive).count();
    }

    @FunctionalInterface
    interface Change {
        void run() throws Exception;
    }
}
