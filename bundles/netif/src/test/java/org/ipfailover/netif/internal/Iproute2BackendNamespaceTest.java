package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.test.support.Needs;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iproute2 backend against a real kernel: it manages namespace a, and namespace b, across a
 * veth pair, checks what reaches it. Needs root (see {@link Needs}).
 */
class Iproute2BackendNamespaceTest {
    private static final String OLD_HOLDER_MAC = "02:00:00:00:00:01";
    private static final Vip V4 = Vip.parse(TestNamespaces.DEVICE_A + ":198.51.100.10/24");
    private static final Vip V6 = Vip.parse(TestNamespaces.DEVICE_A + ":2001:db8::10/64");

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    TestNamespaces net;
    Iproute2Backend backend;

    @BeforeEach
    void createNamespaces() throws Exception {
        TestNamespaces.assumeAvailable();
        net = TestNamespaces.create();
        backend = new Iproute2Backend(settings(net.a), scheduler, processes);
    }

    @AfterEach
    void removeNamespaces() {
        scheduler.shutdownNow();
        processes.close();
        if (net != null) {
            net.close();
        }
    }

    @Test
    void addsAnIpv4AddressOnceWithItsLabelAndRemovesItOnce() throws Exception {
        backend.acquire(V4);
        assertTrue(backend.held(V4.device()).contains(V4), backend.held(V4.device()).toString());
        String shown = TestNamespaces.ip("-n", net.a, "addr", "show", "dev", V4.device());
        assertTrue(shown.contains("inet 198.51.100.10/24") && shown.contains("eth-a:ipfo"), shown);

        assertDoesNotThrow(() -> backend.acquire(V4), "adding it again");
        assertEquals(1, count(TestNamespaces.ip("-n", net.a, "addr", "show", "dev", V4.device()), "198.51.100.10/24"));

        backend.release(V4);
        assertFalse(backend.held(V4.device()).contains(V4));
        assertFalse(TestNamespaces.ip("-n", net.a, "addr", "show", "dev", V4.device()).contains("198.51.100.10"));
        assertDoesNotThrow(() -> backend.release(V4), "removing it again");
    }

    @Test
    void gratuitousArpMovesTheAddressInTheNeighboursTable() throws Exception {
        Needs.that(installed("arping"), "arping (package iputils-arping) is not installed");
        backend.acquire(V4);
        TestNamespaces.ip("-n", net.b, "neigh", "replace", "198.51.100.10", "lladdr", OLD_HOLDER_MAC, "dev",
                TestNamespaces.DEVICE_B, "nud", "stale");

        long start = System.nanoTime();
        backend.announce(V4);
        long returned = System.nanoTime();

        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);
        awaitNeighbour("198.51.100.10", mac);
        System.out.printf("gratuitous ARP: announce returned after %d ms, b learnt %s after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(returned - start), mac, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertTrue(returned - start < TimeUnit.MILLISECONDS.toNanos(500), "announce must not wait for arping to end");
    }

    @Test
    void addsAnIpv6AddressWithoutDuplicateDetectionAndRemovesIt() throws Exception {
        backend.acquire(V6);
        assertTrue(backend.held(V6.device()).contains(V6), backend.held(V6.device()).toString());
        String line = TestNamespaces.ip("-n", net.a, "-6", "addr", "show", "dev", V6.device()).lines()
                .filter(shown -> shown.contains("inet6 2001:db8::10/64")).findFirst().orElse("not shown");
        assertTrue(line.contains("nodad") && !line.contains("tentative"), line);
        assertDoesNotThrow(() -> backend.acquire(V6), "adding it again");

        backend.release(V6);
        assertFalse(backend.held(V6.device()).contains(V6));
        assertDoesNotThrow(() -> backend.release(V6), "removing it again");
    }

    @Test
    void unsolicitedNeighbourAdvertisementMovesTheAddressInTheNeighboursTable() throws Exception {
        Needs.that(installed("ndptool"), "ndptool (package libndp-tools) is not installed");
        backend.acquire(V6);
        TestNamespaces.ip("-n", net.b, "-6", "neigh", "replace", "2001:db8::10", "lladdr", OLD_HOLDER_MAC, "dev",
                TestNamespaces.DEVICE_B, "nud", "stale");

        backend.announce(V6);

        awaitNeighbour("2001:db8::10", net.mac(net.a, TestNamespaces.DEVICE_A));
    }

    @Test
    void leavesOutALabelThatWouldNotFit() throws Exception {
        String longDevice = "ipfo-longname0";
        TestNamespaces.ip("-n", net.a, "link", "add", longDevice, "type", "veth", "peer", "name", "ipfo-longname1");
        Vip vip = Vip.parse(longDevice + ":203.0.113.10/24");

        backend.acquire(vip);

        assertTrue(backend.held(longDevice).contains(vip));
        String shown = TestNamespaces.ip("-n", net.a, "addr", "show", "dev", longDevice);
        assertTrue(shown.contains("203.0.113.10/24 scope global " + longDevice + "\n"), shown);
    }

    @Test
    void namesTheCommandAndTheKernelsAnswerWhenItFails() {
        Vip nowhere = Vip.parse("ipfo-none0:198.51.100.10/24");

        BackendException add = assertThrows(BackendException.class, () -> backend.acquire(nowhere));
        assertTrue(add.getMessage().contains("ip -n " + net.a + " addr add 198.51.100.10/24 dev ipfo-none0")
                && add.getMessage().contains("exit status 1") && add.getMessage().contains("Cannot find device"), add.getMessage());
        BackendException held = assertThrows(BackendException.class, () -> backend.held("ipfo-none0"));
        assertTrue(held.getMessage().contains("does not exist"), held.getMessage());
    }

    @Test
    void namesArpingsAnswerWhenTheAddressIsNotThere() {
        Needs.that(installed("arping"), "arping (package iputils-arping) is not installed");
        IpCommands commands = new IpCommands(tool("ip"), tool("arping"), tool("ndptool"), net.a, "");
        // a generous first wait: this machine may be busy, and the point here is the message
        Announcer patient = new Announcer(new CommandRunner(processes, Duration.ofSeconds(5)), scheduler, 1, Duration.ofMillis(100),
                Duration.ofSeconds(3));

        BackendException e = assertThrows(BackendException.class, () -> patient.announce(V4, commands.announce(V4)));

        assertTrue(e.getMessage().contains("arping -q -U -c 1 -I eth-a -s 198.51.100.10 198.51.100.10")
                && e.getMessage().contains("exit status 2") && e.getMessage().contains("Cannot assign requested address"),
                e.getMessage());
    }

    @Test
    void knowsTheInterfacesOfItsNamespaceWithOrWithoutAddresses() throws Exception {
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-bare0", "type", "veth", "peer", "name", "ipfo-bare1");

        assertTrue(backend.hasInterface(TestNamespaces.DEVICE_A));
        assertTrue(backend.hasInterface("ipfo-bare0"), "down and without any address, but there");
        assertFalse(backend.hasInterface("ipfo-none0"));
    }

    @Test
    void knowsTheInterfacesOfTheNamespaceItRunsIn() throws Exception {
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-bare0", "type", "veth", "peer", "name", "ipfo-bare1");
        Process inA = new ProcessBuilder(tool("ip").command(), "netns", "exec", net.a, "sleep", "60").start();
        try {
            // a node started in namespace a reads its own /proc/self/net/dev: here, that of a process in a
            Path devices = Path.of("/proc", String.valueOf(inA.pid()), "net", "dev");
            awaitTrue(devices + " to list " + TestNamespaces.DEVICE_A,
                    () -> Files.exists(devices) && Files.readString(devices).contains(TestNamespaces.DEVICE_A + ":"));
            Iproute2Backend inside = new Iproute2Backend(settings(""), new CommandRunner(processes, Duration.ofSeconds(5)),
                    new Announcer(new CommandRunner(processes, Duration.ofSeconds(5)), scheduler, 1, Duration.ofMillis(100)), devices);

            assertTrue(inside.hasInterface("ipfo-bare0"), "down and without any address, but there");
            assertFalse(inside.hasInterface("ipfo-none0"));
        } finally {
            inA.descendants().forEach(ProcessHandle::destroyForcibly);
            inA.destroyForcibly();
            inA.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReleasedAddressIsNotAnnouncedAnyMore() throws Exception {
        Needs.that(installed("arping"), "arping (package iputils-arping) is not installed");
        CommandRunner runner = new CommandRunner(processes, Duration.ofSeconds(5));
        List<List<String>> arpings = Collections.synchronizedList(new ArrayList<>());
        Announcer announcer = new Announcer(command -> {
            arpings.add(command);
            return runner.start(command);
        }, scheduler, 10, Duration.ofMillis(100));
        Iproute2Backend watched = new Iproute2Backend(settings(net.a), runner, announcer, DeviceList.OWN);
        watched.acquire(V4);
        watched.announce(V4);
        awaitTrue("two arpings in " + arpings, () -> arpings.size() >= 2);

        watched.release(V4);
        int atRelease = arpings.size();
        CountDownLatch everySendDue = new CountDownLatch(1);
        scheduler.schedule(everySendDue::countDown, 10 * 100 + 50, TimeUnit.MILLISECONDS);
        assertTrue(everySendDue.await(5, TimeUnit.SECONDS));

        assertEquals(atRelease, arpings.size(), "arping ran for a released address: " + arpings);
        assertTrue(atRelease < 10, "released too late to tell: " + arpings);
    }

    private NetifSettings settings(String namespace) {
        return new NetifSettings(Iproute2Backend.NAME, namespace, 3, Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(5), "ipfo");
    }

    private void awaitNeighbour(String address, String mac) throws InterruptedException {
        awaitValue("namespace b to learn " + address + " at " + mac,
                () -> TestNamespaces.ip("-n", net.b, "neigh", "show", address, "dev", TestNamespaces.DEVICE_B), table -> table.contains(mac));
    }

    private static boolean installed(String name) {
        return tool(name).found();
    }

    private static Tool tool(String name) {
        return Tool.locate(name, name, "test");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
