package org.ipfailover.heartbeat.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipfailover.api.config.NetworkDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket of the heartbeat, bound to one address (or every address), used by the networks
 * bound there; or a receive-only companion of a socket bound to a unicast address, bound to the
 * broadcast or multicast address its networks send to (a socket bound to a unicast address
 * receives neither on Linux or BSD).
 */
final class HeartbeatSocket implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSocket.class);
    private static final InetAddress LIMITED_BROADCAST = ipv4(255, 255, 255, 255);

    private final DatagramChannel channel;
    private final InetAddress bind;
    private final int port;
    private final List<NetworkDefinition> networks;
    private final InetAddress receivesFor;

    private HeartbeatSocket(DatagramChannel channel, InetAddress bind, int port, List<NetworkDefinition> networks,
            InetAddress receivesFor) {
        this.channel = channel;
        this.bind = bind;
        this.port = port;
        this.networks = List.copyOf(networks);
        this.receivesFor = receivesFor;
    }

    /**
     * @param bind the local address, or null for every address
     * @param networks the networks that send and receive on this socket
     */
    /**
     * What a socket may hold unread. The kernel's default (about 200 KB, some 90 datagrams of a
     * 256-group beat) overflowed in a mass hand-back: the receiver, sharing the cores with the
     * groups' pipelines, fell behind by a fraction of a second, and the beats dropped made each
     * node of the pair take the other for dead. Unread beats are late, not lost, which the
     * detector allows for (its own beats wait in the same queue); the kernel caps it at rmem_max.
     */
    static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    static HeartbeatSocket open(InetAddress bind, int port, List<NetworkDefinition> networks) throws IOException {
        ProtocolFamily family = family(bind, networks);
        DatagramChannel channel = DatagramChannel.open(family);
        HeartbeatSocket socket = new HeartbeatSocket(channel, bind, port, networks, null);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            InetAddress local = bind != null ? bind
                    : InetAddress.getByAddress(new byte[family == StandardProtocolFamily.INET ? 4 : 16]);
            try {
                channel.bind(new InetSocketAddress(local, port));
            } catch (IOException e) {
                throw new IOException("cannot bind UDP " + socket + ": " + e.getMessage(), e);
            }
            socket.joinMulticastGroups();
            return socket;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ProtocolFamily family(InetAddress bind, List<NetworkDefinition> networks) {
        if (bind != null) {
            return bind instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        }
        boolean allIpv4 = networks.stream().flatMap(n -> n.destinations().stream())
                .allMatch(d -> d.getAddress() instanceof Inet4Address);
        return allIpv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private void joinMulticastGroups() throws IOException {
        List<InetAddress> groups = networks.stream().flatMap(n -> n.destinations().stream())
                .map(InetSocketAddress::getAddress).filter(InetAddress::isMulticastAddress).distinct().toList();
        if (groups.isEmpty()) {
            return;
        }
        if (bind != null) {
            NetworkInterface nif = NetworkInterface.getByInetAddress(bind);
            if (nif == null) {
                throw new IOException("no network interface holds " + bind + " (bind of " + names() + ")");
            }
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            for (InetAddress group : groups) {
                channel.join(group, nif);
            }
            return;
        }
        for (InetAddress group : groups) {
            int joined = 0;
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                try {
                    if (nif.isUp() && nif.supportsMulticast()) {
                        channel.join(group, nif);
                        joined++;
                    }
                } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
                    LOG.debug("Heartbeat socket {}: cannot join {} on {}: {}", this, group, nif.getName(), e.toString());
                }
            }
            if (joined == 0) {
                LOG.warn("Heartbeat socket {}: joined multicast group {} on no interface: no beat of {} will be heard",
                        this, group.getHostAddress(), names());
            }
        }
    }

    /**
     * @return for a socket bound to a unicast address, receive-only sockets on the broadcast and
     *         multicast addresses its networks send to; none for a socket bound to every address
     */
    List<HeartbeatSocket> openReceivers() throws IOException {
        if (bind == null) {
            return List.of();
        }
        Map<InetAddress, List<NetworkDefinition>> byGroup = new LinkedHashMap<>();
        InetAddress subnetBroadcast = subnetBroadcast(bind);
        for (NetworkDefinition network : networks) {
            for (InetSocketAddress destination : network.destinations()) {
                InetAddress address = destination.getAddress();
                if (address.isMulticastAddress() || address.equals(LIMITED_BROADCAST) || address.equals(subnetBroadcast)) {
                    List<NetworkDefinition> served = byGroup.computeIfAbsent(address, a -> new ArrayList<>());
                    if (!served.contains(network)) {
                        served.add(network);
                    }
                }
            }
        }
        List<HeartbeatSocket> receivers = new ArrayList<>();
        try {
            for (Map.Entry<InetAddress, List<NetworkDefinition>> entry : byGroup.entrySet()) {
                receivers.add(openReceiver(entry.getKey(), entry.getValue()));
            }
        } catch (IOException | RuntimeException e) {
            for (HeartbeatSocket receiver : receivers) {
                receiver.close();
            }
            throw e;
        }
        return receivers;
    }

    private HeartbeatSocket openReceiver(InetAddress group, List<NetworkDefinition> served) throws IOException {
        DatagramChannel receiver = DatagramChannel.open(bind instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6);
        HeartbeatSocket socket = new HeartbeatSocket(receiver, group, port, served, bind);
        try {
            receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            receiver.setOption(StandardSocketOptions.SO_BROADCAST, true);
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            try {
                receiver.bind(new InetSocketAddress(group, port));
            } catch (IOException e) {
                throw new IOException("cannot bind UDP " + socket + ": " + e.getMessage(), e);
            }
            if (group.isMulticastAddress()) {
                NetworkInterface nif = NetworkInterface.getByInetAddress(bind);
                if (nif == null) {
                    throw new IOException("no network interface holds " + bind.getHostAddress() + " (bind of "
                            + socket.names() + ")");
                }
                receiver.join(group, nif);
            }
            LOG.info("Network {} is bound to {}: its peers' beats to {} are received on a socket of their own",
                    String.join(", ", socket.names()), bind.getHostAddress(), group.getHostAddress());
            return socket;
        } catch (IOException | RuntimeException e) {
            receiver.close();
            throw e;
        }
    }

    /**
     * The all-ones address of the local address's subnet: the kernel takes it as the subnet's
     * broadcast whether or not the address was configured with {@code brd}.
     */
    static InetAddress subnetBroadcast(InetAddress local) {
        if (!(local instanceof Inet4Address)) {
            return null;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(local);
            if (nif != null) {
                for (InterfaceAddress interfaceAddress : nif.getInterfaceAddresses()) {
                    if (local.equals(interfaceAddress.getAddress())) {
                        return subnetBroadcast(local, interfaceAddress.getNetworkPrefixLength());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("No broadcast address for {}: {}", local, e.toString());
        }
        return null;
    }

    static InetAddress subnetBroadcast(InetAddress local, int prefixLength) {
        if (prefixLength < 1 || prefixLength > 30) {
            return null; // /31 and /32 have no broadcast address
        }
        byte[] address = local.getAddress();
        int host = ((address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff))
                | (int) (0xffffffffL >>> prefixLength);
        return ipv4(host >>> 24, (host >>> 16) & 0xff, (host >>> 8) & 0xff, host & 0xff);
    }

    /** @return whether this socket only receives, for the socket bound to a unicast address it serves */
    boolean receiveOnly() {
        return receivesFor != null;
    }

    List<NetworkDefinition> networks() {
        return networks;
    }

    /**
     * @param configured every configured network
     * @return the networks whose beats this socket takes: every one when it is bound to every address
     */
    Set<String> served(Set<String> configured) {
        return bind == null ? configured : names();
    }

    private Set<String> names() {
        return networks.stream().map(NetworkDefinition::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    void send(ByteBuffer datagram, InetSocketAddress destination) throws IOException {
        int position = datagram.position();
        channel.send(datagram, destination);
        datagram.position(position);
    }

    InetSocketAddress receive(ByteBuffer buffer) throws IOException {
        return (InetSocketAddress) channel.receive(buffer);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return (bind == null ? "*" : bind.getHostAddress()) + ":" + port;
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
