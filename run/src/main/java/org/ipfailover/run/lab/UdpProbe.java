package org.ipfailover.run.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lab's client: sends a datagram to the VIP every few milliseconds and prints one line per
 * answer, {@code <epoch-micros> <host>}, until the duration is over.
 * {@code UdpProbe <address> <port> <interval-ms> <duration-ms>}
 */
public final class UdpProbe {
    private UdpProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: UdpProbe <address> <port> <interval-ms> <duration-ms>");
            System.exit(64);
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        long interval = Long.parseLong(args[2]);
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000L;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(0));
            channel.socket().setSoTimeout(1);
            Thread receiver = new Thread(() -> receive(channel), "probe-receiver");
            receiver.setDaemon(true);
            receiver.start();
            ByteBuffer ping = ByteBuffer.wrap("?".getBytes(StandardCharsets.UTF_8));
            while (System.nanoTime() < end) {
                try {
                    channel.send(ping.rewind(), target);
                } catch (IOException unreachable) {
                    // no route or no neighbour yet: that is what the probe measures
                }
                Thread.sleep(interval);
            }
        }
        System.out.flush();
    }

    private static void receive(DatagramChannel channel) {
        try {
            java.net.DatagramSocket socket = channel.socket();
            byte[] data = new byte[256];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(data, data.length);
            while (channel.isOpen()) {
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException idle) {
                    continue;
                }
                long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                String host = new String(data, 0, packet.getLength(), StandardCharsets.UTF_8).strip();
                synchronized (System.out) {
                    System.out.println(micros + " " + host);
                    System.out.flush();
                }
            }
        } catch (IOException closed) {
            // the probe is over
        }
    }
}
