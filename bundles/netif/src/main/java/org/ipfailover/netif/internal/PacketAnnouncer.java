package org.ipfailover.netif.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;

/**
 * Announces addresses in process, without starting a program: a gratuitous ARP for IPv4, an
 * unsolicited neighbour advertisement for IPv6, each one frame from an AF_PACKET socket opened
 * once in the configured network namespace. The interface's index and hardware address are looked
 * up for every announcement, so a re-created interface or a changed address is announced right.
 * A namespace deleted and made again under the same name is a new one: the socket, which would
 * keep the old one alive and send into it, is opened anew there (a stat of its file tells).
 */
final class PacketAnnouncer implements AutoCloseable {
    private final String namespace;
    private final ArpAnnouncement.Form arpForm;
    private PacketSocket socket;
    /** The identity of the namespace the socket was opened in. */
    private Object openedIn;

    static final int FRAMES_PER_SECOND = 20_000;
    static final int BURST = 64;
    /** Guarded by this. */
    private long nextFrameNanos = System.nanoTime();

    /** @param namespace a name under /var/run/netns, "" for the node's own */
    PacketAnnouncer(String namespace, ArpAnnouncement.Form arpForm) {
        this.namespace = namespace;
        this.arpForm = arpForm;
    }

    PacketAnnouncer(String namespace) {
        this(namespace, ArpAnnouncement.Form.REQUEST);
    }

    /**
     * Sends one announcement of the address from its interface. Sends take turns (each takes
     * microseconds): the socket is never closed under a send, whose descriptor could by then
     * be another file's.
     *
     * @throws BackendException naming the interface and the kernel's answer when it cannot
     */
    synchronized void announce(Vip vip) throws BackendException {
        pace();
        if (socket != null && !namespace.isEmpty() && !Objects.equals(openedIn, InNamespace.identity(namespace))) {
            close();
        }
        PacketSocket open = socket();
        PacketSocket.Link link = open.link(vip.device());
        if (vip.address() instanceof Inet4Address v4) {
            open.send(link, Libc.ETH_P_ARP, ArpAnnouncement.BROADCAST, ArpAnnouncement.of(arpForm, link.mac(), v4));
        } else {
            open.send(link, Libc.ETH_P_IPV6, NeighbourAdvertisement.ALL_NODES_MAC,
                    NeighbourAdvertisement.of(link.mac(), (Inet6Address) vip.address()));
        }
    }

    /**
     * Frames go out at most {@link #FRAMES_PER_SECOND} a second, after a burst of {@link #BURST}: a
     * thousand addresses announced at once were a broadcast storm that kept the hosts on the segment
     * (the peer among them) busy in the kernel's packet processing for a fraction of a second, in
     * which the heartbeats waited. One group's few addresses still go at once.
     */
    private void pace() {
        long now = System.nanoTime();
        long frame = 1_000_000_000L / FRAMES_PER_SECOND;
        long earliest = nextFrameNanos - BURST * frame;
        if (earliest - now > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(earliest - now);
            now = System.nanoTime();
        }
        nextFrameNanos = Math.max(nextFrameNanos, now - BURST * frame) + frame;
    }

    /** Opens the socket now (JNA's native part is loaded with it), so that the first announcement only sends. */
    synchronized void prepare() throws BackendException {
        socket();
    }

    /**
     * Reads an interface's index and hardware address as an announcement does, sending nothing, so
     * that JNA binds those calls now; the loopback interface, not Ethernet, is refused after both.
     */
    synchronized void prepareLink(String device) throws BackendException {
        PacketSocket open = socket();
        try {
            open.link(device);
        } catch (BackendException notEthernet) {
            // both reads ran, which is what this is for
        }
    }

    private PacketSocket socket() throws BackendException {
        if (socket == null) {
            openedIn = namespace.isEmpty() ? null : InNamespace.identity(namespace);
            try {
                socket = InNamespace.call(namespace, () -> PacketSocket.open(namespace));
            } catch (LinkageError e) {
                throw new BackendException("JNA cannot reach the C library to announce addresses: " + e, e);
            }
        }
        return socket;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
