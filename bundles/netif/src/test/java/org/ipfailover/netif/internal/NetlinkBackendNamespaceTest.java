package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Needs;
import org.ipfailover.threads.internal.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The netlink backend's addresses against a real kernel, in namespace a of a pair made for each
 * test; what it did is read back with {@code ip -j addr}. Needs root (see {@link Needs}).
 */
class NetlinkBackendNamespaceTest {
    private static final Vip V4 = Vip.parse(TestNamespaces.DEVICE_A + ":198.51.100.10/24");
    private static final Vip V6 = Vip.parse(TestNamespaces.DEVICE_A + ":2001:db8::10/64");

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("test-announce"));
    TestNamespaces net;
    NetlinkBackend backend;

    @BeforeEach
    void createNamespaces() throws Exception {
        TestNamespaces.assumeAvailable();
        net = TestNamespaces.create();
        backend = backend(net.a);
    }

    @AfterEach
    void removeNamespaces() {
        if (backend != null) {
            backend.close();
        }
        scheduler.shutdownNow();
        if (net != null) {
            net.close();
        }
    }

    @Test
    void addsAnIpv4AddressOnceWithItsLabelAndRemovesItOnce() throws Exception {
        backend.acquire(V4);

        assertEquals(Set.of(V4), kernelShows(), "what ip -j addr shows");
        assertTrue(json().contains("\"local\":\"198.51.100.10\",\"prefixlen\":24,\"scope\":\"global\",\"label\":\"eth-a:ipfo\""), json());
        assertEquals(Set.of(V4), withoutLinkLocal(backend.held(V4.device())));

        assertDoesNotThrow(() -> backend.acquire(V4), "adding it again");
        assertEquals(Set.of(V4), kernelShows());

        backend.release(V4);
        assertEquals(Set.of(), kernelShows());
        assertEquals(Set.of(), withoutLinkLocal(backend.held(V4.device())));
        assertDoesNotThrow(() -> backend.release(V4), "removing it again");
    }

    @Test
    void addsAnIpv6AddressWithoutDuplicateDetectionAndRemovesIt() throws Exception {
        backend.acquire(V6);

        assertTrue(kernelShows().contains(V6), kernelShows().toString());
        String line = TestNamespaces.ip("-n", net.a, "-6", "addr", "show", "dev", V6.device()).lines()
                .filter(shown -> shown.contains("inet6 2001:db8::10/64")).findFirst().orElse("not shown");
        assertTrue(line.contains("nodad") && !line.contains("tentative"), line);
        assertTrue(backend.held(V6.device()).contains(V6), backend.held(V6.device()).toString());
        assertDoesNotThrow(() -> backend.acquire(V6), "adding it again");

        backend.release(V6);
        assertFalse(kernelShows().contains(V6), kernelShows().toString());
        assertDoesNotThrow(() -> backend.release(V6), "removing it again");
    }

    @Test
    void heldNamesEveryAddressOfTheInterfaceAndNoOther() throws Exception {
        TestNamespaces.ip("-n", net.a, "addr", "add", "203.0.113.5/25", "dev", TestNamespaces.DEVICE_A);
        TestNamespaces.ip("-n", net.a, "addr", "add", "203.0.113.200/32", "dev", "lo");
        backend.acquire(V4);

        assertEquals(Set.of(V4, Vip.parse(TestNamespaces.DEVICE_A + ":203.0.113.5/25")),
                Set.copyOf(backend.held(TestNamespaces.DEVICE_A).stream().filter(vip -> !vip.ipv6()).toList()));
        assertEquals(Set.of(Vip.parse("lo:127.0.0.1/8"), Vip.parse("lo:203.0.113.200/32"), Vip.parse("lo:::1/128")),
                backend.held("lo"));
    }

    @Test
    void leavesOutALabelThatWouldNotFit() throws Exception {
        String longDevice = "ipfo-longname0";
        TestNamespaces.ip("-n", net.a, "link", "add", longDevice, "type", "veth", "peer", "name", "ipfo-longname1");
        Vip vip = Vip.parse(longDevice + ":203.0.113.10/24");

        backend.acquire(vip);

        String shown = TestNamespaces.ip("-n", net.a, "addr", "show", "dev", longDevice);
        assertTrue(shown.contains("203.0.113.10/24 scope global " + longDevice + "\n"), shown);
    }

    @Test
    void knowsTheInterfacesOfItsNamespace() throws Exception {
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-bare0", "type", "veth", "peer", "name", "ipfo-bare1");

        assertTrue(backend.hasInterface(TestNamespaces.DEVICE_A));
        assertTrue(backend.hasInterface("ipfo-bare0"), "down and without any address, but there");
        assertFalse(backend.hasInterface("ipfo-none0"));
        assertFalse(backend.hasInterface(TestNamespaces.DEVICE_B), "in the other namespace");
    }

    @Test
    void anInterfaceMadeAgainUnderItsNameGetsItsAddressesThere() throws Exception {
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-re0", "type", "veth", "peer", "name", "ipfo-re1");
        Vip first = Vip.parse("ipfo-re0:203.0.113.10/24");
        Vip second = Vip.parse("ipfo-re0:203.0.113.11/24");
        backend.acquire(first); // its index is known from now on
        TestNamespaces.ip("-n", net.a, "link", "del", "ipfo-re0");
        TestNamespaces.ip("-n", net.a, "link", "add", "ipfo-re0", "type", "veth", "peer", "name", "ipfo-re1");

        backend.acquire(second);
        String shown = TestNamespaces.ip("-n", net.a, "-o", "addr", "show", "dev", "ipfo-re0");
        assertTrue(shown.contains(" 203.0.113.11/24 ") && !shown.contains(" 203.0.113.10/24 "), shown);
        backend.release(second);
        assertFalse(TestNamespaces.ip("-n", net.a, "-o", "addr", "show", "dev", "ipfo-re0").contains("203.0.113.11"));
        TestNamespaces.ip("-n", net.a, "link", "del", "ipfo-re0");
        BackendException gone = assertThrows(BackendException.class, () -> backend.acquire(second));
        assertEquals("cannot change ipfo-re0: no such interface of network namespace " + net.a, gone.getMessage());
    }

    @Test
    void saysWhatFailedAndWhyInOneLine() throws Exception {
        Vip nowhere = Vip.parse("ipfo-none0:198.51.100.10/24");

        BackendException add = assertThrows(BackendException.class, () -> backend.acquire(nowhere));
        assertEquals("cannot change ipfo-none0: no such interface of network namespace " + net.a, add.getMessage());
        BackendException held = assertThrows(BackendException.class, () -> backend.held("ipfo-none0"));
        assertEquals("cannot read the addresses of ipfo-none0: no such interface of network namespace " + net.a, held.getMessage());

        net.inNamespace(net.a, "sysctl", "-q", "-w", "net.ipv6.conf." + TestNamespaces.DEVICE_A + ".disable_ipv6=1");
        BackendException refused = assertThrows(BackendException.class, () -> backend.acquire(V6));
        String answer = "cannot add " + V6 + ": RTNETLINK answers: Permission denied";
        // the kernel's own words (extended acknowledgement) where it has them for this refusal (Linux 6.x)
        assertTrue(refused.getMessage().equals(answer + ": ipv6: IPv6 is disabled on this device")
                || refused.getMessage().equals(answer) && !kernelExplainsDisabledIpv6(), refused.getMessage());
    }

    @Test
    void aMissingNamespaceIsNamed() {
        NetlinkBackend elsewhere = backend(net.a + "-none");
        try {
            BackendException e = assertThrows(BackendException.class, () -> elsewhere.acquire(V4));
            assertEquals("cannot change eth-a: cannot open network namespace " + net.a + "-none (/var/run/netns/" + net.a
                    + "-none): No such file or directory", e.getMessage());
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void addsFasterThanIpAddrAdd() throws Exception {
        int rounds = 50;
        long[] netlink = new long[rounds];
        long[] forked = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Vip vip = Vip.parse(TestNamespaces.DEVICE_A + ":203.0.113." + (i + 1) + "/24");
            long start = System.nanoTime();
            backend.acquire(vip);
            netlink[i] = System.nanoTime() - start;
            backend.release(vip);
            start = System.nanoTime();
            TestNamespaces.ip("-n", net.a, "addr", "add", vip.cidr(), "dev", vip.device());
            forked[i] = System.nanoTime() - start;
            TestNamespaces.ip("-n", net.a, "addr", "del", vip.cidr(), "dev", vip.device());
        }
        System.out.printf("address add, median of %d: netlink %.3f ms, `ip addr add` %.3f ms%n", rounds,
                median(netlink) / 1e6, median(forked) / 1e6);
        assertTrue(median(netlink) < median(forked), "netlink " + median(netlink) + " ns, ip " + median(forked) + " ns");
    }

    /** @return whether iproute2 prints the kernel's reason for refusing an address where IPv6 is disabled */
    private boolean kernelExplainsDisabledIpv6() {
        try {
            TestNamespaces.ip("-n", net.a, "addr", "add", V6.cidr(), "dev", V6.device());
            return false;
        } catch (java.io.IOException refused) {
            return refused.getMessage().contains("IPv6 is disabled on this device");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private NetlinkBackend backend(String namespace) {
        return new NetlinkBackend(new NetifSettings(NetlinkBackend.NAME, namespace, 3, Duration.ofMillis(100), Duration.ZERO,
                Duration.ofSeconds(5), "ipfo"), scheduler);
    }

    private String json() throws Exception {
        return TestNamespaces.ip("-n", net.a, "-j", "addr", "show", "dev", TestNamespaces.DEVICE_A);
    }

    /** @return the addresses of eth-a that ip shows, without the link-local one the kernel adds */
    private Set<Vip> kernelShows() throws Exception {
        return withoutLinkLocal(IpAddrJson.parse(json()));
    }

    private static Set<Vip> withoutLinkLocal(Set<Vip> addresses) {
        List<Vip> kept = new ArrayList<>(addresses);
        kept.removeIf(vip -> vip.ipv6() && vip.address().isLinkLocalAddress());
        return Set.copyOf(kept);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
