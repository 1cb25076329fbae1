package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.ipfailover.api.LinkState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines as iproute2 6.1 writes them, copied from {@code ip -o monitor link} and {@code ip -o link show}. */
class LinkLineTest {
    static final String ETHER = " \\    link/ether 32:36:9e:68:71:14 brd ff:ff:ff:ff:ff:ff";

    @Test
    void anInterfaceUpWithACarrierIsUp() {
        assertEquals(link(3, "v0", true, "<BROADCAST,MULTICAST,UP,LOWER_UP> state UP"),
                parse("3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default" + ETHER));
    }

    @Test
    void anInterfaceSetDownIsDown() {
        assertEquals(link(3, "v0", false, "<BROADCAST,MULTICAST> state DOWN"),
                parse("3: v0@v1: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN group default" + ETHER));
    }

    @Test
    void anInterfaceWithoutACarrierIsDown() {
        assertEquals(link(3, "v0", false, "<NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> state LOWERLAYERDOWN"),
                parse("3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default"
                        + ETHER));
        // the kernel may say LOWER_UP while the carrier is not there yet: NO-CARRIER and the state win
        assertEquals(link(2, "v1", false, "<NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP> state LOWERLAYERDOWN"),
                parse("2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default"
                        + ETHER));
        assertEquals(link(4, "wlan0", false, "<BROADCAST,MULTICAST,UP,LOWER_UP> state DORMANT"),
                parse("4: wlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state DORMANT group default" + ETHER));
    }

    @Test
    void anInterfaceWhoseDriverSaysNoStateIsUpByItsFlags() {
        assertEquals(link(1, "lo", true, "<LOOPBACK,UP,LOWER_UP> state UNKNOWN"),
                parse("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\"
                        + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"));
        assertEquals(link(7, "tun0", true, "<POINTOPOINT,UP,LOWER_UP>"), parse("7: tun0: <POINTOPOINT,UP,LOWER_UP> mtu 1500"));
    }

    @Test
    void aDeletedInterfaceIsDownWithDeletedAsItsDetail() {
        assertEquals(new LinkLine(2, "v1", true, new LinkState("v1", false, "deleted")),
                parse("Deleted 2: v1@v0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default" + ETHER
                        + " new-netnsid 0 new-ifindex 2"));
    }

    @Test
    void theNameLosesOnlyWhatIpAppends() {
        assertEquals("v0renamed", parse("3: v0renamed@NONE: <BROADCAST,MULTICAST> mtu 1500 state DOWN").device());
        assertEquals("eth0.100", parse("5: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP").device());
        assertEquals("veth0", parse("3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP").device());
    }

    @Test
    void readsThroughTimeStampsAndTheLinkTag() {
        assertEquals(link(3, "v0", false, "<NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> state LOWERLAYERDOWN"),
                parse("[2026-12-03T12:41:40.521705] [LINK]3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue "
                        + "state LOWERLAYERDOWN group default" + ETHER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Timestamp: Thu Dec  3 12:41:40 2026 519125 usec",
            "[NETCONF]inet v1 forwarding off rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off",
            "[2026-12-03T12:41:40.519120] [NETCONF]inet6 v1 forwarding off proxy_neigh off",
            "[ADDR]3: v0    inet6 fe80::3036:9eff:fe68:7114/64 scope link"})
    void skipsWhatIsNotAnInterface(String line) {
        assertEquals(Optional.empty(), LinkLine.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsid 0 (iproute2 netns name: lab)", "3: v0@v1 <BROADCAST> mtu 1500", "x: v0: <UP> mtu 1500",
            "99999999999: v0: <UP>", "3: @v1: <UP,LOWER_UP> mtu 1500", "    link/ether 32:36:9e:68:71:14 brd ff:ff:ff:ff:ff:ff"})
    void refusesWhatItCannotRead(String line) {
        assertThrows(IllegalArgumentException.class, () -> LinkLine.parse(line));
    }

    private static LinkLine parse(String line) {
        return LinkLine.parse(line).orElseThrow();
    }

    private static LinkLine link(int index, String device, boolean up, String detail) {
        return new LinkLine(index, device, false, new LinkState(device, up, detail));
    }
}
