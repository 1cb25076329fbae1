package org.ipfailover.run.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * The lab's service behind a VIP: answers every UDP datagram with the name of the host it runs
 * on, so that a client can tell which host holds the address. {@code UdpEcho <name> <port>}
 */
public final class UdpEcho {
    private UdpEcho() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: UdpEcho <name> <port>");
            System.exit(64);
        }
        byte[] name = (args[0] + "\n").getBytes(StandardCharsets.UTF_8);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(Integer.parseInt(args[1])));
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                try {
                    channel.send(ByteBuffer.wrap(name), from);
                } catch (IOException unreachable) {
                    // a cable out or no route for a moment: the next question is answered again
                }
            }
        }
    }
}
