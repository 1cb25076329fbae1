package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packet announcer against a real kernel: it sends from namespace a, whose eth-a is joined to
 * eth-b in namespace b; b holds a stale entry for the address at another holder's MAC, and must
 * move it to eth-a's. Needs root (see {@link Needs}). Prints what one announcement costs, and
 * what forking arping for it costs.
 */
class PacketAnnouncerNamespaceTest {
    static final Vip V4 = Vip.parse(TestNamespaces.DEVICE_A + ":198.51.100.10/24");
    static final Vip V6 = Vip.parse(TestNamespaces.DEVICE_A + ":2001:db8::10/64");
    static final String OLD_HOLDER_MAC = "02:00:00:00:00:99";

    TestNamespaces net;
    final List<PacketAnnouncer> announcers = new ArrayList<>();

    @BeforeEach
    void createNamespaces() throws Exception {
        TestNamespaces.assumeAvailable();
        net = TestNamespaces.create();
    }

    @AfterEach
    void removeNamespaces() {
        announcers.forEach(PacketAnnouncer::close);
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aGratuitousArpRequestMovesTheAddressInTheNeighboursTable() throws Exception {
        movesTheAddress(announcer(ArpAnnouncement.Form.REQUEST), V4);
    }

    @Test
    void aGratuitousArpReplyMovesItToo() throws Exception {
        movesTheAddress(announcer(ArpAnnouncement.Form.REPLY), V4);
    }

    @Test
    void anUnsolicitedNeighbourAdvertisementMovesAnIpv6Address() throws Exception {
        movesTheAddress(announcer(ArpAnnouncement.Form.REQUEST), V6);
    }

    @Test
    void namesAMissingInterface() {
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);

        BackendException e = assertThrows(BackendException.class, () -> announcer.announce(Vip.parse("ipfo-none0:198.51.100.10/24")));

        assertTrue(e.getMessage().equals("interface ipfo-none0 does not exist in network namespace " + net.a), e.getMessage());
    }

    @Test
    void namesAMissingNamespace() {
        PacketAnnouncer announcer = new PacketAnnouncer(net.a + "-gone");
        announcers.add(announcer);

        BackendException e = assertThrows(BackendException.class, () -> announcer.announce(V4));

        assertTrue(e.getMessage().equals("network namespace " + net.a + "-gone does not exist (no /var/run/netns/" + net.a + "-gone)"),
                e.getMessage());
    }

    @Test
    void saysWhenTheInterfaceIsDown() throws Exception {
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);
        TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "down");

        BackendException e = assertThrows(BackendException.class, () -> announcer.announce(V4));

        assertTrue(e.getMessage().startsWith("sending on eth-a in network namespace " + net.a + ": ")
                && e.getMessage().endsWith("(errno 100): the interface is down"), e.getMessage());
    }

    @Test
    void findsTheInterfaceOfTheNodesOwnNamespaceOnlyThere() {
        PacketAnnouncer own = new PacketAnnouncer("");
        announcers.add(own);

        BackendException e = assertThrows(BackendException.class, () -> own.announce(V4));

        assertTrue(e.getMessage().equals("interface eth-a does not exist"), e.getMessage());
    }

    @Test
    void costsMicrosecondsWhereArpingCostsAFork() throws Exception {
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);
        TestNamespaces.ip("-n", net.a, "addr", "add", V4.cidr(), "dev", V4.device());
        long first = System.nanoTime();
        announcer.announce(V4);
        long opened = System.nanoTime() - first;
        long[] sends = new long[200];
        for (int i = 0; i < sends.length; i++) {
            long start = System.nanoTime();
            announcer.announce(i % 2 == 0 ? V4 : V6);
            sends[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(sends);
        System.out.printf("packet announcer: first announcement (opens the socket in the namespace) %d us; then median %d us, 99th %d us%n",
                TimeUnit.NANOSECONDS.toMicros(opened), TimeUnit.NANOSECONDS.toMicros(sends[sends.length / 2]),
                TimeUnit.NANOSECONDS.toMicros(sends[sends.length * 99 / 100]));
        Tool arping = Tool.locate("arping", "iputils-arping", "test");
        if (arping.found()) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(Tool.locate("ip", "iproute2", "test").command(), "netns", "exec", net.a,
                    arping.command(), "-q", "-U", "-c", "1", "-w", "0", "-I", V4.device(), "-s", V4.host(), V4.host())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            System.out.printf("forked ip netns exec arping -U -c 1 -w 0: %d us to its exit (status %d)%n",
                    TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start), process.exitValue());
        }
        assertTrue(sends[sends.length / 2] < TimeUnit.MILLISECONDS.toNanos(5), "median send " + sends[sends.length / 2] + " ns");
    }

    private void movesTheAddress(PacketAnnouncer announcer, Vip vip) throws Exception {
        if (vip.ipv6()) {
            TestNamespaces.ip("-n", net.a, "addr", "add", vip.cidr(), "dev", vip.device(), "nodad");
        } else {
            TestNamespaces.ip("-n", net.a, "addr", "add", vip.cidr(), "dev", vip.device());
        }
        TestNamespaces.ip("-n", net.b, "neigh", "replace", vip.host(), "lladdr", OLD_HOLDER_MAC, "dev", TestNamespaces.DEVICE_B,
                "nud", "stale");
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);

        long start = System.nanoTime();
        announcer.announce(vip);
        long sent = System.nanoTime() - start;

        awaitValue("namespace b to learn " + vip.host() + " at " + mac,
                () -> TestNamespaces.ip("-n", net.b, "-j", "neigh", "show", vip.host(), "dev", TestNamespaces.DEVICE_B),
                table -> table.contains("\"lladdr\":\"" + mac + "\""));
        System.out.printf("packet announcer: %s sent in %d us (socket opened in the namespace on the way), b learnt %s after %d us%n",
                vip, TimeUnit.NANOSECONDS.toMicros(sent), mac, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
    }

    private PacketAnnouncer announcer(ArpAnnouncement.Form form) {
        PacketAnnouncer announcer = new PacketAnnouncer(net.a, form);
        announcers.add(announcer);
        return announcer;
    }
}
