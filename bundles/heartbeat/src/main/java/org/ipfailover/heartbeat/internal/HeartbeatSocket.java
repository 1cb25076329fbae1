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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipfailover.api.config.NetworkDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One UDP socket of the heartbeat, bound to one address (or every address), used by the networks bound there. */
final class HeartbeatSocket implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSocket.class);

    private final DatagramChannel channel;
    private final InetAddress bind;
    private final int port;
    private final List<NetworkDefinition> networks;

    private HeartbeatSocket(DatagramChannel channel, InetAddress bind, int port, List<NetworkDefinition> networks) {
        this.channel = channel;
        this.bind = bind;
        this.port = port;
        this.networks = List.copyOf(networks);
    }

    /**
     * @param bind the local address, or null for every address
     * @param networks the networks that send and receive on this socket
     */
    static HeartbeatSocket open(InetAddress bind, int port, List<NetworkDefinition> networks) throws IOException {
        ProtocolFamily family = family(bind, networks);
        DatagramChannel channel = DatagramChannel.open(family);
        HeartbeatSocket socket = new HeartbeatSocket(channel, bind, port, networks);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
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
     * A socket bound to one unicast address receives neither broadcasts nor multicast (Linux, BSD):
     * say so rather than leave the operator wondering why a bound network is silent.
     */
    void warnAboutGroupDestinations() {
        if (bind == null) {
            return;
        }
        for (NetworkDefinition network : networks) {
            for (InetSocketAddress destination : network.destinations()) {
                if (isBroadcastOrMulticast(destination.getAddress())) {
                    LOG.warn("Network {} is bound to {} and sends to {}: a socket bound to a unicast address does not "
                            + "receive broadcast or multicast beats, so its peers' beats may not be heard; use unicast "
                            + "destinations for a bound network, or no bind", network.name(), bind.getHostAddress(),
                            destination.getAddress().getHostAddress());
                }
            }
        }
    }

    private static boolean isBroadcastOrMulticast(InetAddress address) {
        if (address.isMulticastAddress() || address.getHostAddress().equals("255.255.255.255")) {
            return true;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress interfaceAddress : nif.getInterfaceAddresses()) {
                    if (address.equals(interfaceAddress.getBroadcast())) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
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
}
