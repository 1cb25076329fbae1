package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.ipfailover.api.BackendException;

/**
 * An AF_PACKET datagram socket that only sends: the kernel adds the Ethernet header to each
 * packet, from the interface's address to the one given. Its protocol is 0, so no frame is ever
 * queued on it for reading; each send names its own. It looks interfaces up in the namespace it
 * was opened in, whichever thread asks.
 */
final class PacketSocket implements AutoCloseable {
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int SOCKADDR_LL_SIZE = 20;

    /** An interface as the socket's namespace knows it now. */
    record Link(String name, int index, byte[] mac) {
    }

    private final int fd;
    private final String where;

    private PacketSocket(int fd, String where) {
        this.fd = fd;
        this.where = where;
    }

    /** @param where the namespace it is opened in, for messages */
    static PacketSocket open(String where) throws BackendException {
        try {
            return new PacketSocket(Libc.C.socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), where);
        } catch (LastErrorException e) {
            boolean denied = e.getErrorCode() == Libc.EPERM || e.getErrorCode() == Libc.EACCES;
            throw new BackendException("opening a packet socket" + in(where) + ": " + Libc.describe(e)
                    + (denied ? ": sending ARP and neighbour advertisements takes root or CAP_NET_RAW" : ""), e);
        }
    }

    Link link(String name) throws BackendException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (name.isEmpty() || nameBytes.length >= IFNAMSIZ) {
            throw new BackendException("interface name '" + name + "' is not 1 to " + (IFNAMSIZ - 1) + " characters");
        }
        byte[] request = new byte[IFREQ_SIZE];
        System.arraycopy(nameBytes, 0, request, 0, nameBytes.length);
        ioctl(Libc.SIOCGIFINDEX, request, name);
        int index = ByteBuffer.wrap(request, IFNAMSIZ, 4).order(ByteOrder.nativeOrder()).getInt();
        ioctl(Libc.SIOCGIFHWADDR, request, name);
        int family = ByteBuffer.wrap(request, IFNAMSIZ, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        if (family != Libc.ARPHRD_ETHER) {
            throw new BackendException("interface " + name + in(where) + " is not Ethernet (hardware type " + family
                    + "): it has no ARP or neighbour discovery to announce to");
        }
        byte[] mac = new byte[6];
        System.arraycopy(request, IFNAMSIZ + 2, mac, 0, 6);
        return new Link(name, index, mac);
    }

    /** Sends one packet of the protocol (an EtherType) out of the link to the hardware address. */
    void send(Link link, int protocol, byte[] to, byte[] packet) throws BackendException {
        ByteBuffer address = ByteBuffer.allocate(SOCKADDR_LL_SIZE).order(ByteOrder.nativeOrder());
        address.putShort((short) Libc.AF_PACKET);
        address.order(ByteOrder.BIG_ENDIAN).putShort((short) protocol).order(ByteOrder.nativeOrder());
        address.putInt(link.index()).putShort((short) 0).put((byte) 0).put((byte) to.length).put(to);
        try {
            Libc.C.sendto(fd, packet, new NativeLong(packet.length), 0, address.array(), SOCKADDR_LL_SIZE);
        } catch (LastErrorException e) {
            String why = switch (e.getErrorCode()) {
                case Libc.ENETDOWN -> ": the interface is down";
                case Libc.ENXIO, Libc.ENODEV -> ": the interface is gone";
                default -> "";
            };
            throw new BackendException("sending on " + link.name() + in(where) + ": " + Libc.describe(e) + why, e);
        }
    }

    private void ioctl(long request, byte[] ifreq, String name) throws BackendException {
        try {
            Libc.C.ioctl(fd, new NativeLong(request), ifreq);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.ENODEV) {
                throw new BackendException("interface " + name + " does not exist" + in(where), e);
            }
            throw new BackendException("looking up interface " + name + in(where) + ": " + Libc.describe(e), e);
        }
    }

    private static String in(String where) {
        return where.isEmpty() ? "" : " in network namespace " + where;
    }

    @Override
    public void close() {
        try {
            Libc.C.close(fd);
        } catch (LastErrorException closedAnyway) {
            // close releases the descriptor even when it reports an error
        }
    }
}
