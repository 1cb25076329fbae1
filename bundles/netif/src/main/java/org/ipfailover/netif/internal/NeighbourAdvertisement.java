package org.ipfailover.netif.internal;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * An unsolicited neighbour advertisement (RFC 4861 §4.4, §7.2.6) as an IPv6 packet, for a socket
 * that adds the Ethernet header: to all nodes (ff02::1) with hop limit 255, override flag set,
 * solicited flag clear, and the interface's link-layer address in a target link-layer address
 * option. Its source is the announced address itself, as {@code ndptool -U} sends it: an address
 * of the sending interface, which is all RFC 4861 asks. Linux neighbours take it as they take one
 * from a link-local source (the namespace test sends both); the announced address needs no
 * link-local address on the interface, nor a lookup of it.
 */
final class NeighbourAdvertisement {
    static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    /** The Ethernet multicast address of ff02::1. */
    static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    static final int ICMPV6 = 58;
    static final int TYPE = 136;
    static final int OVERRIDE = 0x20;
    static final int ICMP_LENGTH = 24 + 8;
    static final int LENGTH = 40 + ICMP_LENGTH;

    private NeighbourAdvertisement() {
    }

    static byte[] of(byte[] mac, Inet6Address address) {
        return of(mac, address, address);
    }

    static byte[] of(byte[] mac, Inet6Address from, Inet6Address address) {
        byte[] source = from.getAddress();
        byte[] target = address.getAddress();
        ByteBuffer packet = ByteBuffer.allocate(LENGTH);
        packet.putInt(6 << 28).putShort((short) ICMP_LENGTH).put((byte) ICMPV6).put((byte) 255);
        packet.put(source).put(ALL_NODES);
        int icmp = packet.position();
        packet.put((byte) TYPE).put((byte) 0).putShort((short) 0);
        packet.put((byte) OVERRIDE).put(new byte[3]).put(target);
        packet.put((byte) 2).put((byte) 1).put(mac);
        byte[] bytes = packet.array();
        int checksum = checksum(source, ALL_NODES, bytes, icmp, ICMP_LENGTH);
        bytes[icmp + 2] = (byte) (checksum >>> 8);
        bytes[icmp + 3] = (byte) checksum;
        return bytes;
    }

    /** The ICMPv6 checksum: the ones' complement of the ones' complement sum over the pseudo-header (RFC 8200 §8.1) and the message. */
    static int checksum(byte[] source, byte[] destination, byte[] bytes, int offset, int length) {
        long sum = sum(source, 0, 16) + sum(destination, 0, 16) + length + ICMPV6 + sum(bytes, offset, length);
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static long sum(byte[] bytes, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = bytes[offset + i] & 0xff;
            int low = i + 1 < length ? bytes[offset + i + 1] & 0xff : 0;
            sum += high << 8 | low;
        }
        return sum;
    }
}
