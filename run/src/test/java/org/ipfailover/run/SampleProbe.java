package org.ipfailover.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client's probe of many addresses at once, from one process and one thread: a socket per
 * address (the echo service answers from its host's own address, whichever was asked), each asked
 * every few milliseconds. Its output: {@code <epoch-micros> <host> <asked address>} per answer.
 */
final class SampleProbe {
    private final Process process;
    private final Path out;

    private SampleProbe(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts the probe in the client's namespace; it ends by itself after the duration, or when the lab goes. */
    static SampleProbe start(NetnsLab lab, Path folder, List<String> addresses, long durationMillis) throws IOException {
        Path out = folder.resolve("sample-probe-" + System.nanoTime() + ".out");
        String classpath = Path.of(SampleProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                SampleProbe.class.getName(), String.valueOf(NetnsLab.ECHO_PORT), "10", String.valueOf(durationMillis)));
        command.addAll(addresses);
        Process process = lab.inNamespace("cli", command.toArray(String[]::new)).redirectErrorStream(true).redirectOutput(out.toFile())
                .start();
        return new SampleProbe(process, out);
    }

    /** @return every answer so far, by the address asked, in order */
    Map<String, List<Probe.Answer>> answers() throws IOException {
        Map<String, List<Probe.Answer>> answers = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(" ");
            if (cells.length == 3 && cells[0].matches("\\d+")) {
                answers.computeIfAbsent(cells[2], a -> new ArrayList<>()).add(new Probe.Answer(Long.parseLong(cells[0]), cells[1]));
            }
        }
        return answers;
    }

    /** @return the first answer from the host for the address after the time, or null */
    static Probe.Answer firstFrom(List<Probe.Answer> answers, String host, long afterMicros) {
        return answers == null ? null
                : answers.stream().filter(a -> a.micros() > afterMicros && a.host().equals(host)).findFirst().orElse(null);
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** {@code SampleProbe <port> <interval-ms> <duration-ms> <address>...}, run in the client's namespace. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long interval = Long.parseLong(args[1]);
        long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
        Selector selector = Selector.open();
        List<DatagramChannel> channels = new ArrayList<>();
        List<InetSocketAddress> targets = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, args[i]);
            channels.add(channel);
            targets.add(new InetSocketAddress(InetAddress.getByName(args[i]), port));
        }
        ByteBuffer ping = ByteBuffer.wrap(new byte[] {'?'});
        ByteBuffer answer = ByteBuffer.allocate(256);
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= next) {
                for (int i = 0; i < channels.size(); i++) {
                    try {
                        channels.get(i).send(ping.rewind(), targets.get(i));
                    } catch (IOException unreachable) {
                        // no route or no neighbour yet: that is what the probe measures
                    }
                }
                next += interval * 1_000_000L;
            }
            selector.select(Math.max(1, (next - System.nanoTime()) / 1_000_000L));
            for (SelectionKey key : selector.selectedKeys()) {
                DatagramChannel channel = (DatagramChannel) key.channel();
                answer.clear();
                while (channel.receive(answer) != null) {
                    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    String host = new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8).strip();
                    System.out.println(micros + " " + host + " " + key.attachment());
                    answer.clear();
                }
            }
            selector.selectedKeys().clear();
            System.out.flush();
        }
        for (DatagramChannel channel : channels) {
            channel.close();
        }
    }
}
