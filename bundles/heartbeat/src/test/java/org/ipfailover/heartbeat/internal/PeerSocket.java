package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;

/** The test's end of the heartbeat: a plain UDP socket on 127.0.0.1 playing the peer node. */
final class PeerSocket implements AutoCloseable {
    private final DatagramChannel channel;
    private final Selector selector;

    PeerSocket() throws IOException {
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static int freePort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void send(byte[] datagram, int port) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** @return the next datagram, or null when none comes within the timeout */
    Datagram receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (true) {
            InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
            if (source != null) {
                long received = System.nanoTime();
                byte[] bytes = new byte[buffer.flip().remaining()];
                buffer.get(bytes);
                return new Datagram(bytes, source, received);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
            selector.selectedKeys().clear();
        }
    }

    /** Drops what has arrived so far. */
    void drain() throws IOException {
        while (receive(Duration.ZERO) != null) {
            // drop
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }

    record Datagram(byte[] bytes, InetSocketAddress source, long receivedNanos) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes);
        }
    }
}
