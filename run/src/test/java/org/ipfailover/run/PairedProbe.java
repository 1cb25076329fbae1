package org.ipfailover.run;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client's probe of run/lab, asking two addresses at once from one process and one socket:
 * the VIP and a control address (the holder's own), each with its own socket, on the same tick. When both go silent together, the host or the
 * probe stalled (this lab shares a small machine with whatever else runs); when only the VIP does,
 * the address did. Its output: {@code <epoch-micros> <host> <answering address>} per answer.
 */
final class PairedProbe {
    private final Process process;
    private final Path out;

    private PairedProbe(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts the probe in the client's namespace; it ends by itself after the duration, or when the lab goes. */
    static PairedProbe start(NetnsLab lab, Path folder, String vip, String control, long durationMillis) throws IOException {
        Path out = folder.resolve("paired-probe-" + System.nanoTime() + ".out");
        String classpath = Path.of(PairedProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        Process process = lab.inNamespace("cli", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                PairedProbe.class.getName(), vip, control, String.valueOf(NetnsLab.ECHO_PORT), "10", String.valueOf(durationMillis))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new PairedProbe(process, out);
    }

    /** @return the answers from one of the two addresses, in order */
    List<Probe.Answer> answers(String address) throws IOException {
        List<Probe.Answer> answers = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(" ");
            if (cells.length == 3 && cells[0].matches("\\d+") && cells[2].equals(address)) {
                answers.add(new Probe.Answer(Long.parseLong(cells[0]), cells[1]));
            }
        }
        return answers;
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** {@code PairedProbe <vip> <control> <port> <interval-ms> <duration-ms>}, run in the client's namespace. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[2]);
        long interval = Long.parseLong(args[3]);
        long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000L;
        // a socket per address: the echo service answers from the host's primary address whichever address was asked
        List<DatagramSocket> sockets = new ArrayList<>();
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String address : List.of(args[0], args[1])) {
            DatagramSocket socket = new DatagramSocket(0);
            socket.setSoTimeout(1);
            sockets.add(socket);
            targets.add(new InetSocketAddress(InetAddress.getByName(address), port));
            Thread receiver = new Thread(() -> receive(socket, address), "paired-probe-" + address);
            receiver.setDaemon(true);
            receiver.start();
        }
        byte[] ping = {'?'};
        while (System.nanoTime() < end) {
            for (int i = 0; i < sockets.size(); i++) {
                try {
                    sockets.get(i).send(new DatagramPacket(ping, ping.length, targets.get(i)));
                } catch (IOException unreachable) {
                    // no route or no neighbour yet: that is what the probe measures
                }
            }
            Thread.sleep(interval);
        }
        sockets.forEach(DatagramSocket::close);
    }

    private static void receive(DatagramSocket socket, String address) {
        byte[] data = new byte[256];
        DatagramPacket packet = new DatagramPacket(data, data.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException closed) {
                return;
            }
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            String host = new String(data, 0, packet.getLength(), StandardCharsets.UTF_8).strip();
            synchronized (System.out) {
                System.out.println(micros + " " + host + " " + address);
                System.out.flush();
            }
        }
    }
}
