package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void anAdvertisementFromALinkLocalSourceMovesItAlike() throws Exception {
        prepare(V6);
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);
        try (PacketSocket socket = InNamespace.call(net.a, () -> PacketSocket.open(net.a))) {
            PacketSocket.Link link = socket.link(TestNamespaces.DEVICE_A);
            socket.send(link, Libc.ETH_P_IPV6, NeighbourAdvertisement.ALL_NODES_MAC, NeighbourAdvertisement.of(link.mac(),
                    (Inet6Address) InetAddress.getByName("fe80::1"), (Inet6Address) V6.address()));
        }

        awaitNeighbour(V6, mac);
    }

    @Test
    void aNeighbourThatAcceptsUntrackedAnnouncementsLearnsAnAddressItNeverHeardOf() throws Exception {
        net.inNamespace(net.b, "sysctl", "-q", "-w", "net.ipv4.conf." + TestNamespaces.DEVICE_B + ".arp_accept=1");
        Path untracked = Path.of("/proc/sys/net/ipv6/conf/all/accept_untracked_na");
        Needs.that(Files.exists(untracked), untracked + " is missing: the kernel predates 5.18");
        // only a router (forwarding on) adds an entry from an untracked advertisement (RFC 9131)
        net.inNamespace(net.b, "sysctl", "-q", "-w", "net.ipv6.conf." + TestNamespaces.DEVICE_B + ".forwarding=1");
        net.inNamespace(net.b, "sysctl", "-q", "-w", "net.ipv6.conf." + TestNamespaces.DEVICE_B + ".accept_untracked_na=1");
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);

        announcer.announce(V4);
        announcer.announce(V6);

        awaitNeighbour(V4, mac);
        awaitNeighbour(V6, mac);
    }

    @Test
    void sendsIntoANamespaceMadeAgainUnderTheSameNameAndLetsTheOldOneGo() throws Exception {
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);
        announcer.announce(V4);
        TestNamespaces.ip("netns", "del", net.a);
        TestNamespaces.ip("netns", "add", net.a);
        // the old a lives on while anything holds it, and with it eth-a and its peer eth-b: the new pair is eth-a and eth-c
        String deviceC = "eth-c";
        TestNamespaces.ip("-n", net.a, "link", "add", TestNamespaces.DEVICE_A, "type", "veth", "peer", "name", deviceC, "netns", net.b);
        TestNamespaces.ip("-n", net.a, "link", "set", TestNamespaces.DEVICE_A, "up");
        TestNamespaces.ip("-n", net.b, "link", "set", deviceC, "up");
        TestNamespaces.ip("-n", net.a, "addr", "add", V4.cidr(), "dev", TestNamespaces.DEVICE_A);
        TestNamespaces.ip("-n", net.b, "neigh", "replace", V4.host(), "lladdr", OLD_HOLDER_MAC, "dev", deviceC, "nud", "stale");
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);

        announcer.announce(V4);

        awaitValue("namespace b to learn " + V4.host() + " on " + deviceC + " at " + mac,
                () -> TestNamespaces.ip("-n", net.b, "-j", "neigh", "show", V4.host(), "dev", deviceC),
                table -> table.contains("\"lladdr\":\"" + mac + "\""));
        awaitTrue("the old namespace to go, and with it the old pair's " + TestNamespaces.DEVICE_B + " in b",
                () -> !TestNamespaces.ip("-n", net.b, "-o", "link", "show").contains(" " + TestNamespaces.DEVICE_B + "@"));
    }

    @Test
    void theFramesOnTheWireAreWhatTcpdumpExpects() throws Exception {
        Tool tcpdump = Tool.locate("tcpdump", "tcpdump", "test");
        Needs.that(tcpdump.found(), "tcpdump is not installed");
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);
        Process capture = new ProcessBuilder(Tool.locate("ip", "iproute2", "test").command(), "netns", "exec", net.b,
                tcpdump.command(), "-i", TestNamespaces.DEVICE_B, "-c", "2", "-l", "-n", "-e", "-vv", "arp or icmp6[0] == 136").start();
        try {
            capture.getOutputStream().close();
            BufferedReader errors = new BufferedReader(new InputStreamReader(capture.getErrorStream(), StandardCharsets.UTF_8));
            for (String line = errors.readLine(); line != null && !line.contains("listening on"); line = errors.readLine()) {
                // tcpdump says when it captures
            }
            announcer.announce(V4);
            announcer.announce(V6);
            assertTrue(capture.waitFor(10, TimeUnit.SECONDS), "tcpdump saw fewer than two frames");
            String seen = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(seen.contains(mac + " > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806)")
                    && seen.contains("Request who-has 198.51.100.10 tell 198.51.100.10"), seen);
            assertTrue(seen.contains(mac + " > 33:33:00:00:00:01, ethertype IPv6 (0x86dd)") && seen.contains("hlim 255")
                    && seen.contains("2001:db8::10 > ff02::1: [icmp6 sum ok]")
                    && seen.contains("neighbor advertisement, length 32, tgt is 2001:db8::10, Flags [override]")
                    && seen.contains("destination link-address option (2), length 8 (1): " + mac), seen);
        } finally {
            capture.descendants().forEach(ProcessHandle::destroyForcibly);
            capture.destroyForcibly();
            capture.waitFor(5, TimeUnit.SECONDS);
        }
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
    void refusesAnInterfaceWithoutArp() {
        PacketAnnouncer announcer = announcer(ArpAnnouncement.Form.REQUEST);

        BackendException e = assertThrows(BackendException.class, () -> announcer.announce(Vip.parse("lo:198.51.100.10/32")));

        assertTrue(e.getMessage().equals("interface lo in network namespace " + net.a
                + " is not Ethernet (hardware type 772): it has no ARP or neighbour discovery to announce to"), e.getMessage());
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
        prepare(vip);
        String mac = net.mac(net.a, TestNamespaces.DEVICE_A);

        long start = System.nanoTime();
        announcer.announce(vip);
        long sent = System.nanoTime() - start;

        awaitNeighbour(vip, mac);
        System.out.printf("packet announcer: %s sent in %d us (socket opened in the namespace on the way), b learnt %s after %d us%n",
                vip, TimeUnit.NANOSECONDS.toMicros(sent), mac, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
    }

    /** Gives a the address, and b a stale entry for it at another holder's MAC. */
    private void prepare(Vip vip) throws Exception {
        if (vip.ipv6()) {
            TestNamespaces.ip("-n", net.a, "addr", "add", vip.cidr(), "dev", vip.device(), "nodad");
        } else {
            TestNamespaces.ip("-n", net.a, "addr", "add", vip.cidr(), "dev", vip.device());
        }
        TestNamespaces.ip("-n", net.b, "neigh", "replace", vip.host(), "lladdr", OLD_HOLDER_MAC, "dev", TestNamespaces.DEVICE_B,
                "nud", "stale");
        assertTrue(neighbour(vip).contains("\"lladdr\":\"" + OLD_HOLDER_MAC + "\""), neighbour(vip));
    }

    private void awaitNeighbour(Vip vip, String mac) throws InterruptedException {
        awaitValue("namespace b to learn " + vip.host() + " at " + mac, () -> neighbour(vip),
                table -> table.contains("\"lladdr\":\"" + mac + "\""));
    }

    private String neighbour(Vip vip) throws Exception {
        return TestNamespaces.ip("-n", net.b, "-j", "neigh", "show", vip.host(), "dev", TestNamespaces.DEVICE_B);
    }

    private PacketAnnouncer announcer(ArpAnnouncement.Form form) {
        PacketAnnouncer announcer = new PacketAnnouncer(net.a, form);
        announcers.add(announcer);
        return announcer;
    }
}
