package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Heartbeats that claim to be a node of the lab and are signed with a wrong key, sent from the
 * client's namespace to the public broadcast. Built from the v1 wire format (magic "IPFO",
 * version 1, flags, node id, boot id, sequence, network name, interval, groups with state and
 * priority, 16 bytes of MAC), independently of the node's own code, as an attacker would.
 */
final class BeatForger implements AutoCloseable {
    static final int PORT = 1694;
    private static final int STATE_UP = 4;

    private final DatagramChannel channel;
    private final Random random;

    BeatForger(Random random) throws IOException {
        this(random, Lab.CLIENT_ADDRESS);
    }

    BeatForger(Random random, String localAddress) throws IOException {
        this.random = random;
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
        channel.bind(new InetSocketAddress(localAddress, 0));
    }

    /** Sends forged beats every 50 ms for the time, each claiming the groups UP at their highest priority. */
    void forge(String node, List<Group> groups, long millis) {
        long bootId = random.nextLong();
        long end = System.nanoTime() + millis * 1_000_000;
        long sequence = 1;
        while (System.nanoTime() < end) {
            send(datagram(node, bootId, sequence++, groups));
            Clock.sleepMillis(50);
        }
    }

    private void send(ByteBuffer datagram) {
        try {
            channel.send(datagram, new InetSocketAddress(Lab.PUBLIC_BROADCAST, PORT));
        } catch (IOException e) {
            Log.say("forged beat not sent: " + e.getMessage());
        }
    }

    ByteBuffer datagram(String node, long bootId, long sequence, List<Group> groups) {
        ByteBuffer out = ByteBuffer.allocate(1200);
        out.put("IPFO".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 1); // wire format v2, authenticated
        name(out, node);
        out.putLong(bootId).putLong(sequence);
        name(out, "public");
        out.putInt(100).put((byte) 0).put((byte) 1).putShort((short) groups.size()); // part 0 of 1
        for (Group group : groups) {
            name(out, group.name());
            out.put((byte) STATE_UP).put((byte) 255).putInt(0); // no fingerprint
        }
        byte[] mac = new byte[16];
        random.nextBytes(mac);
        out.put(mac);
        return out.flip();
    }

    private static void name(ByteBuffer out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.put((byte) bytes.length).put(bytes);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
