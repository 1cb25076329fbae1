package org.ipfailover.run;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An attacker on the public segment of run/lab, in the client's namespace: it listens for one
 * genuine beat of a node, then sends copies of it with a boot id and sequence of its own and a
 * random MAC, i.e. beats that claim to come from that node and announce what it announces, signed
 * with a key nobody has. Copying a real beat keeps the forgery well-formed whatever the wire
 * version; only the layout up to the sequence, the same in every version, is relied on. Says
 * "sending" once the first forged beat is out.
 */
final class ForgedBeats implements AutoCloseable {
    private static final int MAGIC = 0x4950464F;
    private static final int MAC_LENGTH = 16;

    private final Process process;
    private final Path out;

    private ForgedBeats(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts the sender in the client's namespace; it ends by itself after the duration, or when the lab goes. */
    static ForgedBeats start(NetnsLab lab, Path folder, String destination, String node, long everyMillis, Duration duration)
            throws IOException {
        Path out = folder.resolve("forged-beats-" + System.nanoTime() + ".out");
        String classpath = Path.of(ForgedBeats.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        Process process = lab.inNamespace("cli", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ForgedBeats.class.getName(), destination, "1694", node, String.valueOf(everyMillis), String.valueOf(duration.toMillis()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new ForgedBeats(process, out);
    }

    /** @return whether the first forged beat went out */
    boolean sending() {
        return output().contains("sending");
    }

    String output() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** {@code ForgedBeats <destination> <port> <node> <every-ms> <duration-ms>} */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        InetSocketAddress destination = new InetSocketAddress(args[0], port);
        byte[] node = args[2].getBytes(StandardCharsets.UTF_8);
        long every = Long.parseLong(args[3]);
        long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000L;
        byte[] genuine = capture(port, node);
        System.out.println("captured a beat of " + args[2] + ": " + genuine.length + " bytes, version " + genuine[4]);
        SecureRandom random = new SecureRandom();
        int bootAt = 4 + 1 + 1 + 1 + node.length;
        ByteBuffer forged = ByteBuffer.wrap(genuine.clone());
        forged.putLong(bootAt, random.nextLong());
        byte[] mac = new byte[MAC_LENGTH];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            for (long sequence = 1; System.nanoTime() < end; sequence++) {
                forged.putLong(bootAt + 8, sequence);
                random.nextBytes(mac);
                forged.put(genuine.length - MAC_LENGTH, mac);
                socket.send(new DatagramPacket(forged.array(), genuine.length, destination));
                if (sequence == 1) {
                    System.out.println("sending");
                    System.out.flush();
                }
                Thread.sleep(every);
            }
        }
    }

    /** @return the first datagram on the heartbeat port that is a beat of the node */
    private static byte[] capture(int port, byte[] node) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(port)) {
            byte[] buffer = new byte[2048];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                ByteBuffer datagram = ByteBuffer.wrap(buffer, 0, packet.getLength());
                if (packet.getLength() > 7 + node.length + 16 + MAC_LENGTH && datagram.getInt(0) == MAGIC
                        && (buffer[6] & 0xFF) == node.length && Arrays.equals(buffer, 7, 7 + node.length, node, 0, node.length)) {
                    return Arrays.copyOf(buffer, packet.getLength());
                }
            }
        }
    }
}
