package org.ipfailover.netif.internal;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * A gratuitous ARP packet (the ARP part of the frame; the socket adds the Ethernet header):
 * sender and target protocol address both the announced address, sender hardware address the
 * interface's. It goes to the Ethernet broadcast address.
 */
final class ArpAnnouncement {
    static final int LENGTH = 28;
    static final byte[] BROADCAST = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    /**
     * The two forms arping sends. A request is what RFC 5227 calls an ARP announcement and what
     * Linux neighbours update an existing entry from (as from a reply); some hosts take only
     * requests into their caches, so a request is the default.
     */
    enum Form {
        /** as {@code arping -U}, opcode 1; the target hardware address is zero, as RFC 5227 says. */
        REQUEST(1),
        /** as {@code arping -A}, opcode 2; the target hardware address is the sender's, as arping sends. */
        REPLY(2);

        final int opcode;

        Form(int opcode) {
            this.opcode = opcode;
        }
    }

    private ArpAnnouncement() {
    }

    static byte[] of(Form form, byte[] mac, Inet4Address address) {
        byte[] ip = address.getAddress();
        ByteBuffer packet = ByteBuffer.allocate(LENGTH);
        packet.putShort((short) Libc.ARPHRD_ETHER).putShort((short) 0x0800).put((byte) 6).put((byte) 4);
        packet.putShort((short) form.opcode);
        packet.put(mac).put(ip);
        packet.put(form == Form.REPLY ? mac : new byte[6]).put(ip);
        return packet.array();
    }
}
