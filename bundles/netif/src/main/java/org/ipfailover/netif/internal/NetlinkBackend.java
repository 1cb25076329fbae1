package org.ipfailover.netif.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.Vip;

/**
 * Linux: addresses are added, removed and read, and links watched, through rtnetlink in this
 * process (libc through JNA), and announced with gratuitous ARP and unsolicited neighbour
 * advertisements from an AF_PACKET socket ({@link PacketAnnouncer}): no fork anywhere. The sockets
 * are made at their first use, in the configured namespace, and kept.
 */
final class NetlinkBackend implements OfferedBackend {
    static final String NAME = "netlink";
    private static final String WITHDRAWN = "the network backend " + NAME + " was withdrawn";

    private final NetifSettings settings;
    private final Announcer announcer;
    private final PacketAnnouncer packets;
    private final Set<NetlinkLinkWatch> watches = ConcurrentHashMap.newKeySet();
    private final InterfaceIndexes indexes = new InterfaceIndexes(this::lookUp);
    private NetlinkSocket socket;
    private volatile boolean withdrawn;

    NetlinkBackend(NetifSettings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.announcer = new Announcer(scheduler, settings.arpCount(), settings.arpInterval());
        this.packets = new PacketAnnouncer(settings.namespace());
    }

    /** @return null when JNA and the C library load in this process, else why not */
    static String unavailable() {
        try {
            return Libc.C == null ? "JNA loaded no C library" : null;
        } catch (LinkageError e) {
            return "JNA cannot load the C library: " + e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Tool> tools() {
        return List.of();
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        String label = vip.ipv6() ? null : IpCommands.label(vip.device(), settings.label());
        try {
            acknowledged(vip, Netlink.RTM_NEWADDR, (short) (Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL), label);
        } catch (NetlinkException e) {
            if (e.errno() != Libc.EEXIST) {
                throw new BackendException("cannot add " + vip + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void release(Vip vip) throws BackendException {
        announcer.cancel(vip);
        try {
            acknowledged(vip, Netlink.RTM_DELADDR, Netlink.NLM_F_ACK, null);
        } catch (NetlinkException e) {
            if (e.errno() != Libc.EADDRNOTAVAIL) {
                throw new BackendException("cannot remove " + vip + ": " + e.getMessage());
            }
        }
    }

    /**
     * Sends the address request made for the interface's index; an index that is no interface any
     * more is looked up again, once. No lambdas on this path: one is made at its first call, about a
     * millisecond each on a node's first takeover.
     */
    private void acknowledged(Vip vip, short type, short flags, String label) throws BackendException, NetlinkException {
        Netlink.Request first = address(type, flags, vip, index(vip.device(), "change"), label);
        try {
            socket().acknowledged(first);
        } catch (NetlinkException e) {
            if (e.errno() != Libc.ENODEV) {
                throw e;
            }
            indexes.forget(vip.device());
            Netlink.Request again = address(type, flags, vip, index(vip.device(), "change"), label);
            socket().acknowledged(again);
        }
    }

    private static Netlink.Request address(short type, short flags, Vip vip, int index, String label) {
        byte[] address = vip.address().getAddress();
        Netlink.Request request = new Netlink.Request(type, flags)
                .ifaddrmsg(vip.ipv6() ? Netlink.AF_INET6 : Netlink.AF_INET, vip.prefixLength(), index)
                .attribute(Netlink.IFA_LOCAL, address)
                .attribute(Netlink.IFA_ADDRESS, address);
        if (label != null) {
            request.attribute(Netlink.IFA_LABEL, label);
        }
        if (vip.ipv6() && type == Netlink.RTM_NEWADDR) {
            // the address moves here from a failed host: duplicate detection would only delay it
            request.attribute(Netlink.IFA_FLAGS, Netlink.IFA_F_NODAD);
        }
        return request;
    }

    @Override
    public void announce(Vip vip) throws BackendException {
        announcer.announce(vip, new FrameSend(vip));
    }

    /** One announcement, sent in microseconds: told to the announcer as a command would be. A class for the reason above. */
    private final class FrameSend implements Announcer.Send {
        private final Vip vip;

        FrameSend(Vip vip) {
            this.vip = vip;
        }

        @Override
        public CompletableFuture<CommandResult> start() {
            List<String> what = List.of(vip.ipv6() ? "unsolicited-neighbour-advertisement" : "gratuitous-arp", vip.toString());
            try {
                packets.announce(vip);
                return CompletableFuture.completedFuture(new CommandResult(what, 0, "", "", null));
            } catch (BackendException e) {
                return CompletableFuture.completedFuture(new CommandResult(what, 1, "", e.getMessage(), null));
            }
        }
    }

    @Override
    public Set<Vip> held(String device) throws BackendException {
        indexes.forget(device); // a dump names no interface that is gone: ask for the index now
        int index = index(device, "read the addresses of");
        Set<Vip> held = new LinkedHashSet<>();
        try {
            for (Netlink.Message message : socket().dump(
                    new Netlink.Request(Netlink.RTM_GETADDR, Netlink.NLM_F_DUMP).ifaddrmsg(Netlink.AF_UNSPEC, 0, 0))) {
                ByteBuffer body = message.body();
                if (message.type() != Netlink.RTM_NEWADDR || body.limit() < Netlink.IFADDRMSG || body.getInt(4) != index) {
                    continue;
                }
                Map<Integer, ByteBuffer> attributes = message.attributes(Netlink.IFADDRMSG);
                ByteBuffer address = attributes.getOrDefault(Netlink.IFA_LOCAL, attributes.get(Netlink.IFA_ADDRESS));
                if (address != null) {
                    held.add(new Vip(device, InetAddress.getByAddress(Netlink.bytes(address)), Byte.toUnsignedInt(body.get(1))));
                }
            }
        } catch (NetlinkException e) {
            throw new BackendException("cannot read the addresses of " + device + ": " + e.getMessage());
        } catch (UnknownHostException e) {
            throw new BackendException("cannot read the addresses of " + device + ": " + e.getMessage(), e);
        }
        return held;
    }

    @Override
    public boolean hasInterface(String device) throws BackendException {
        try {
            return indexes.index(device) != 0;
        } catch (NetlinkException e) {
            throw new BackendException("cannot read the interfaces" + where() + ": " + e.getMessage());
        }
    }

    @Override
    public LinkWatch watchLinks(LinkListener listener) throws BackendException {
        if (withdrawn) {
            throw new BackendException(WITHDRAWN);
        }
        NetlinkLinkWatch watch;
        try {
            watch = NetlinkLinkWatch.start(settings.namespace(), listener, watches::remove);
        } catch (NetlinkException e) {
            throw new BackendException("cannot watch the interfaces" + where() + ": " + e.getMessage());
        }
        watches.add(watch);
        // after the add: a close that comes later sees the watch
        if (withdrawn) {
            watch.close();
            throw new BackendException(WITHDRAWN);
        }
        return watch;
    }

    @Override
    public void prepare() {
        try {
            socket();
            packets.prepare();
            // JNA binds each native call, and the JVM loads each class, at its first use (milliseconds
            // in all): reads of the loopback interface and frames built but not sent do it now, so
            // that the first takeover only does its work
            lookUp("lo");
            held("lo");
            packets.prepareLink("lo");
            IpCommands.label("lo", settings.label());
            ArpAnnouncement.of(ArpAnnouncement.Form.REQUEST, new byte[6], (java.net.Inet4Address) InetAddress.getByName("198.51.100.10"));
            NeighbourAdvertisement.of(new byte[6], (java.net.Inet6Address) InetAddress.getByName("2001:db8::10"));
        } catch (NetlinkException | BackendException | UnknownHostException e) {
            // the request that needs the socket says why it cannot be had, with what it was for
        }
    }

    @Override
    public synchronized void close() {
        withdrawn = true;
        watches.forEach(watch -> watch.end(WITHDRAWN));
        packets.close();
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** @return the interface's index, for a request that will {@code what} its addresses */
    private int index(String device, String what) throws BackendException {
        try {
            int index = indexes.index(device);
            if (index == 0) {
                throw new BackendException("cannot " + what + " " + device + ": no such interface" + where());
            }
            return index;
        } catch (NetlinkException e) {
            throw new BackendException("cannot " + what + " " + device + ": " + e.getMessage());
        }
    }

    /** @return the interface's index, or 0 when there is none */
    private int lookUp(String device) throws NetlinkException {
        if (device.isEmpty() || device.length() > IpCommands.MAX_LABEL) {
            return 0;
        }
        try {
            List<Netlink.Message> answer = socket().dump(
                    new Netlink.Request(Netlink.RTM_GETLINK, (short) 0).ifinfomsg(Netlink.AF_UNSPEC, 0)
                            .attribute(Netlink.IFLA_IFNAME, device));
            return answer.isEmpty() || answer.get(0).body().limit() < Netlink.IFINFOMSG ? 0 : answer.get(0).body().getInt(4);
        } catch (NetlinkException e) {
            if (e.errno() == Libc.ENODEV) {
                return 0;
            }
            throw e;
        }
    }

    private synchronized NetlinkSocket socket() throws NetlinkException {
        if (withdrawn) {
            throw new NetlinkException(WITHDRAWN, 0);
        }
        if (socket == null) {
            socket = NetlinkSocket.open(settings.namespace(), 0, settings.commandTimeout());
        }
        return socket;
    }

    private String where() {
        return settings.namespace().isEmpty() ? "" : " of network namespace " + settings.namespace();
    }
}
