package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReannouncerTest {
    static final Vip WEB = Vip.parse("eth0:198.51.100.10/24");
    static final Vip FILES = Vip.parse("eth0:2001:db8::10/64");
    static final Vip OTHER = Vip.parse("eth1:203.0.113.10/24");

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-reannounce"));
    final KernelTable kernel = new KernelTable();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void reannouncesWhatItAddedAndStillHolds() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        backend.acquire(WEB);
        backend.acquire(FILES);
        backend.acquire(OTHER);
        kernel.addresses.add(Vip.parse("eth0:198.51.100.5/24"));
        kernel.addresses.remove(FILES);
        kernel.announced.clear();

        backend.reannounce();

        assertEquals(Set.of(WEB, OTHER), Set.copyOf(kernel.announced));
    }

    @Test
    void forgetsWhatItReleased() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        backend.acquire(WEB);
        backend.release(WEB);

        backend.reannounce();

        assertEquals(List.of(), kernel.announced);
        assertEquals(Set.of(), backend.acquired());
    }

    /**
     * A loaded machine only delays a period, so the times between re-announcements have a lower
     * bound; after close, the scheduler reaches a task due two periods later without one more.
     */
    @Test
    void reannouncesEveryPeriodUntilClosed() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ofMillis(50), scheduler, Set.of());
        backend.acquire(WEB);

        awaitTrue("three re-announcements", () -> kernel.announced.size() >= 3);
        backend.close();
        int sent = scheduler.submit(kernel.announced::size).get();
        CountDownLatch twoPeriodsOn = new CountDownLatch(1);
        scheduler.schedule(twoPeriodsOn::countDown, 2 * 50, TimeUnit.MILLISECONDS);
        assertTrue(twoPeriodsOn.await(10, TimeUnit.SECONDS), "the scheduler did not get there");

        assertEquals(sent, kernel.announced.size(), "none after close");
        List<Long> times = List.copyOf(kernel.announcedNanos);
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= TimeUnit.MILLISECONDS.toNanos(50), "less than a period apart: " + times);
        }
    }

    @Test
    void takesOverWhatItsPredecessorAdded() {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of(WEB));
        kernel.addresses.add(WEB);

        backend.reannounce();

        assertEquals(List.of(WEB), kernel.announced);
    }

    @Test
    void goesOnAfterAnInterfaceCannotBeRead() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        backend.acquire(WEB);
        backend.acquire(OTHER);
        kernel.unreadable.add("eth1");
        kernel.announced.clear();

        backend.reannounce();

        assertEquals(List.of(WEB), kernel.announced);
    }

    @Test
    void doesNotAnnounceAnAddressReleasedWhileItWasReadingTheInterface() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        backend.acquire(WEB);
        kernel.announced.clear();
        kernel.whileReading = () -> {
            try {
                backend.release(WEB);
            } catch (BackendException e) {
                throw new AssertionError(e);
            }
        };

        backend.reannounce();

        assertEquals(List.of(), kernel.announced, "announced after its release");
    }

    @Test
    void asksTheBackendWhetherAnInterfaceIsThere() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        kernel.devices.add("eth0");

        assertTrue(backend.hasInterface("eth0"));
        assertFalse(backend.hasInterface("eth9"));
    }

    @Test
    void forwardsALinkWatch() throws Exception {
        Reannouncer backend = new Reannouncer(kernel, Duration.ZERO, scheduler, Set.of());
        List<LinkState> heard = new ArrayList<>();
        LinkState down = new LinkState("eth0", false, "<NO-CARRIER,BROADCAST,MULTICAST,UP> state DOWN");

        LinkWatch watch = backend.watchLinks(heard::add);
        kernel.linkListener.linkChanged(down);
        watch.close();

        assertEquals(List.of(down), heard);
        assertTrue(kernel.linkWatchClosed);
    }

    /** The kernel's address table, in memory: the reannouncer's logic is the subject here, not commands. */
    static final class KernelTable implements NetworkBackend {
        final Set<Vip> addresses = Collections.synchronizedSet(new HashSet<>());
        final List<Vip> announced = Collections.synchronizedList(new ArrayList<>());
        final List<Long> announcedNanos = Collections.synchronizedList(new ArrayList<>());
        final Set<String> unreadable = new HashSet<>();
        final Set<String> devices = new HashSet<>();
        LinkListener linkListener;
        volatile boolean linkWatchClosed;
        /** Runs once when an interface is read, as if another thread acted meanwhile. */
        volatile Runnable whileReading = () -> { };

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void acquire(Vip vip) {
            addresses.add(vip);
        }

        @Override
        public void release(Vip vip) {
            addresses.remove(vip);
        }

        @Override
        public void announce(Vip vip) {
            announcedNanos.add(System.nanoTime());
            announced.add(vip);
        }

        @Override
        public Set<Vip> held(String device) throws BackendException {
            if (unreadable.contains(device)) {
                throw new BackendException("Device \"" + device + "\" does not exist.");
            }
            Set<Vip> held;
            synchronized (addresses) {
                held = addresses.stream().filter(vip -> vip.device().equals(device)).collect(Collectors.toSet());
            }
            Runnable meanwhile = whileReading;
            whileReading = () -> { };
            meanwhile.run();
            return held;
        }

        @Override
        public boolean hasInterface(String device) {
            return devices.contains(device);
        }

        @Override
        public LinkWatch watchLinks(LinkListener listener) {
            linkListener = listener;
            return () -> linkWatchClosed = true;
        }
    }
}
