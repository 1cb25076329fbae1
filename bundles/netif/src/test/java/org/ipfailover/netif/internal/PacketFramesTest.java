package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bytes of the announcements, field by field; the namespace test shows a kernel takes them. */
class PacketFramesTest {
    static final byte[] MAC = HexFormat.ofDelimiter(":").parseHex("02:11:22:33:44:55");

    @Test
    void aGratuitousArpRequestAnnouncesTheAddressWithAZeroTarget() throws Exception {
        byte[] packet = ArpAnnouncement.of(ArpAnnouncement.Form.REQUEST, MAC, (Inet4Address) InetAddress.getByName("198.51.100.10"));

        assertEquals("0001" + "0800" + "06" + "04" + "0001" + "021122334455" + "c633640a" + "000000000000" + "c633640a",
                HexFormat.of().formatHex(packet));
    }

    @Test
    void aGratuitousArpReplyNamesTheSenderAsTarget() throws Exception {
        byte[] packet = ArpAnnouncement.of(ArpAnnouncement.Form.REPLY, MAC, (Inet4Address) InetAddress.getByName("198.51.100.10"));

        assertEquals("0001" + "0800" + "06" + "04" + "0002" + "021122334455" + "c633640a" + "021122334455" + "c633640a",
                HexFormat.of().formatHex(packet));
    }

    @Test
    void anUnsolicitedAdvertisementGoesToAllNodesWithHopLimit255AndTheOverrideFlag() throws Exception {
        Inet6Address address = (Inet6Address) InetAddress.getByName("2001:db8::10");
        String hex = HexFormat.of().formatHex(NeighbourAdvertisement.of(MAC, address));

        String target = "20010db8000000000000000000000010";
        assertEquals("60000000" + "0020" + "3a" + "ff" + target + "ff020000000000000000000000000001", hex.substring(0, 80));
        assertEquals("88" + "00", hex.substring(80, 84));
        assertEquals("20000000" + target + "0201" + "021122334455", hex.substring(88));
    }

    @Test
    void theChecksumCoversThePseudoHeader() throws Exception {
        Inet6Address address = (Inet6Address) InetAddress.getByName("2001:db8::10");
        byte[] packet = NeighbourAdvertisement.of(MAC, address);

        assertEquals(0, NeighbourAdvertisement.checksum(address.getAddress(), NeighbourAdvertisement.ALL_NODES, packet, 40, 32),
                "a message with its checksum in sums to all ones");
        byte[] elsewhere = InetAddress.getByName("2001:db8::11").getAddress();
        assertNotEquals(0, NeighbourAdvertisement.checksum(elsewhere, NeighbourAdvertisement.ALL_NODES, packet, 40, 32),
                "another source address breaks it");
    }

    @Test
    void theChecksumOfAKnownMessage() {
        // RFC 1071's example words 0001 f203 f4f5 f6f7 sum to ddf2 with a zero pseudo-header but length and next header
        byte[] zero = new byte[16];
        byte[] words = HexFormat.of().parseHex("0001f203f4f5f6f7");
        int expected = ~(0xddf2 + 8 + 58) & 0xffff;
        assertEquals(expected, NeighbourAdvertisement.checksum(zero, zero, words, 0, 8));
    }
}
