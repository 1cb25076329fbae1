package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.LinkState;
import org.junit.jupiter.api.Test;

class NetlinkTest {
    private static final int UP = 0x1;
    private static final int BROADCAST = 0x2;
    private static final int LOOPBACK = 0x8;
    private static final int RUNNING = 0x40;
    private static final int MULTICAST = 0x1000;
    private static final int LOWER_UP = 0x10000;

    @Test
    void aRequestReadsBackAsItWasBuilt() {
        byte[] bytes = new Netlink.Request(Netlink.RTM_NEWADDR, (short) (Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE))
                .ifaddrmsg(Netlink.AF_INET, 24, 7)
                .attribute(Netlink.IFA_LOCAL, new byte[] {(byte) 198, 51, 100, 10})
                .attribute(Netlink.IFA_LABEL, "eth0:ipfo")
                .bytes(42);

        assertEquals(0, bytes.length % 4);
        List<Netlink.Message> messages = Netlink.parse(bytes, bytes.length);
        assertEquals(1, messages.size());
        Netlink.Message message = messages.get(0);
        assertEquals(Netlink.RTM_NEWADDR, message.type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE, message.flags());
        assertEquals(42, message.sequence());
        assertEquals(24, message.body().get(1));
        assertEquals(7, message.body().getInt(4));
        Map<Integer, ByteBuffer> attributes = message.attributes(Netlink.IFADDRMSG);
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 10}, Netlink.bytes(attributes.get(Netlink.IFA_LOCAL)));
        assertEquals("eth0:ipfo", Netlink.string(attributes.get(Netlink.IFA_LABEL)));
    }

    @Test
    void aTruncatedMessageIsLeftOut() {
        byte[] bytes = new Netlink.Request(Netlink.RTM_GETLINK, Netlink.NLM_F_DUMP).ifinfomsg(Netlink.AF_UNSPEC, 0).bytes(1);

        assertEquals(List.of(), Netlink.parse(bytes, bytes.length - 4));
    }

    @Test
    void linkStatesAreWordedAsIpMonitorWordsThem() {
        assertEquals(new LinkState("eth0", true, "<BROADCAST,MULTICAST,UP,LOWER_UP> state UP"),
                NetlinkLinks.state(link(Netlink.RTM_NEWLINK, "eth0", BROADCAST | MULTICAST | UP | LOWER_UP | RUNNING, 6)));
        assertEquals(new LinkState("lo", true, "<LOOPBACK,UP,LOWER_UP> state UNKNOWN"),
                NetlinkLinks.state(link(Netlink.RTM_NEWLINK, "lo", LOOPBACK | UP | LOWER_UP | RUNNING, 0)));
        assertEquals(new LinkState("eth0", false, "<NO-CARRIER,BROADCAST,MULTICAST,UP> state LOWERLAYERDOWN"),
                NetlinkLinks.state(link(Netlink.RTM_NEWLINK, "eth0", BROADCAST | MULTICAST | UP, 3)));
        assertEquals(new LinkState("eth0", false, "<BROADCAST,MULTICAST,UP,LOWER_UP> state DORMANT"),
                NetlinkLinks.state(link(Netlink.RTM_NEWLINK, "eth0", BROADCAST | MULTICAST | UP | LOWER_UP, 5)));
        assertEquals(new LinkState("eth0", false, "deleted"),
                NetlinkLinks.state(link(Netlink.RTM_DELLINK, "eth0", BROADCAST | MULTICAST, 2)));
        assertNull(NetlinkLinks.state(link(Netlink.RTM_NEWADDR, "eth0", UP, 6)));
    }

    private static Netlink.Message link(short type, String device, int flags, int operstate) {
        Netlink.Request request = new Netlink.Request(type, (short) 0).ifinfomsg(Netlink.AF_UNSPEC, 3)
                .attribute(Netlink.IFLA_IFNAME, device)
                .attribute(Netlink.IFLA_OPERSTATE, new byte[] {(byte) operstate});
        byte[] bytes = request.bytes(0);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(Netlink.HEADER + 8, flags);
        return Netlink.parse(bytes, bytes.length).get(0);
    }
}
