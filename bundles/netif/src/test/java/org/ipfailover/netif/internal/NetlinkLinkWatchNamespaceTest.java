package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.netif.internal.LinkEvents.Event;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;

/**
 * The netlink backend's link watch against a real kernel (what every link watch does is in
 * {@link LinkWatchContract}): a socket of its own per watch, told every interface again after an
 * overrun. Needs root (see {@link Needs}).
 */
class NetlinkLinkWatchNamespaceTest extends LinkWatchContract {
    final List<NetlinkBackend> backends = new ArrayList<>();

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

    @Override
    LinkWatch startWatch(String namespace, LinkEvents listener) throws Exception {
        return backend(namespace).watchLinks(listener);
    }

    @Override
    String label() {
        return "netlink link watch";
    }

    @Override
    void closeBackends() {
        backends.forEach(NetlinkBackend::close);
    }

    private NetlinkBackend backend(String namespace) {
        NetlinkBackend backend = new NetlinkBackend(new NetifSettings(NetlinkBackend.NAME, namespace, 3, Duration.ofMillis(100),
                Duration.ZERO, Duration.ofSeconds(5), "ipfo"), scheduler);
        backends.add(backend);
        return backend;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
