package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

class IpCommandsTest {
    static final Tool IP = new Tool("ip", "iproute2", "test", Path.of("/usr/sbin/ip"));
    static final Tool ARPING = new Tool("arping", "iputils-arping", "test", Path.of("/usr/bin/arping"));
    static final Tool NDPTOOL = new Tool("ndptool", "libndp-tools", "test", Path.of("/usr/bin/ndptool"));

    final IpCommands here = new IpCommands(IP, ARPING, NDPTOOL, "", "ipfo");
    final IpCommands inNamespace = new IpCommands(IP, ARPING, NDPTOOL, "lab", "ipfo");

    @Test
    void addsIpv4WithALabel() {
        assertEquals(List.of("/usr/sbin/ip", "addr", "add", "198.51.100.10/24", "dev", "eth0", "label", "eth0:ipfo"),
                here.add(Vip.parse("eth0:198.51.100.10/24")));
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "addr", "add", "198.51.100.10/24", "dev", "eth0", "label", "eth0:ipfo"),
                inNamespace.add(Vip.parse("eth0:198.51.100.10/24")));
    }

    @Test
    void addsIpv6WithoutDuplicateAddressDetection() {
        assertEquals(List.of("/usr/sbin/ip", "-6", "addr", "add", "2001:db8::10/64", "dev", "eth0", "nodad"),
                here.add(Vip.parse("eth0:2001:db8::10/64")));
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "-6", "addr", "add", "2001:db8::10/64", "dev", "eth0", "nodad"),
                inNamespace.add(Vip.parse("eth0:2001:db8::10/64")));
    }

    @Test
    void removes() {
        assertEquals(List.of("/usr/sbin/ip", "addr", "del", "198.51.100.10/24", "dev", "eth0"),
                here.remove(Vip.parse("eth0:198.51.100.10/24")));
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "-6", "addr", "del", "2001:db8::10/64", "dev", "eth0"),
                inNamespace.remove(Vip.parse("eth0:2001:db8::10/64")));
    }

    @Test
    void showsOneInterfaceAsJson() {
        assertEquals(List.of("/usr/sbin/ip", "-j", "addr", "show", "dev", "eth0"), here.show("eth0"));
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "-j", "addr", "show", "dev", "eth0"), inNamespace.show("eth0"));
    }

    @Test
    void monitorsAndListsTheLinksOfItsNamespaceOneLineEach() {
        assertEquals(List.of("/usr/sbin/ip", "-o", "monitor", "link"), here.monitorLinks());
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "-o", "monitor", "link"), inNamespace.monitorLinks());
        assertEquals(List.of("/usr/sbin/ip", "-o", "link", "show"), here.links());
        assertEquals(List.of("/usr/sbin/ip", "-n", "lab", "-o", "link", "show"), inNamespace.links());
    }

    @Test
    void announcesIpv4WithOneGratuitousArpRequest() {
        assertEquals(List.of("/usr/bin/arping", "-q", "-U", "-c", "1", "-I", "eth0", "-s", "198.51.100.10", "198.51.100.10"),
                here.announce(Vip.parse("eth0:198.51.100.10/24")));
        assertEquals(List.of("/usr/sbin/ip", "netns", "exec", "lab",
                "/usr/bin/arping", "-q", "-U", "-c", "1", "-I", "eth0", "-s", "198.51.100.10", "198.51.100.10"),
                inNamespace.announce(Vip.parse("eth0:198.51.100.10/24")));
    }

    @Test
    void announcesIpv6WithOneUnsolicitedNeighbourAdvertisement() {
        assertEquals(List.of("/usr/bin/ndptool", "-t", "na", "-U", "-i", "eth0", "-T", "2001:db8::10", "send"),
                here.announce(Vip.parse("eth0:2001:db8::10/64")));
        assertEquals(List.of("/usr/sbin/ip", "netns", "exec", "lab",
                "/usr/bin/ndptool", "-t", "na", "-U", "-i", "eth0", "-T", "2001:db8::10", "send"),
                inNamespace.announce(Vip.parse("eth0:2001:db8::10/64")));
    }

    @Test
    void leavesOutALabelLongerThanTheKernelKeeps() {
        assertEquals("enp0s31f6:ipfo", here.label("enp0s31f6"));
        assertNull(here.label("enp0s31f6.100"));
        assertEquals(List.of("/usr/sbin/ip", "addr", "add", "198.51.100.10/24", "dev", "enp0s31f6.100"),
                here.add(Vip.parse("enp0s31f6.100:198.51.100.10/24")));
    }

    @Test
    void leavesOutTheLabelWhenNoneIsWanted() {
        IpCommands unlabelled = new IpCommands(IP, ARPING, NDPTOOL, "", "");

        assertEquals(List.of("/usr/sbin/ip", "addr", "add", "198.51.100.10/24", "dev", "eth0"),
                unlabelled.add(Vip.parse("eth0:198.51.100.10/24")));
    }

    @Test
    void namesAToolItCouldNotFindByName() {
        IpCommands bare = new IpCommands(new Tool("ip", "iproute2", "test", null), ARPING, NDPTOOL, "", "");

        assertEquals(List.of("ip", "-j", "addr", "show", "dev", "eth0"), bare.show("eth0"));
    }
}
