package org.ipfailover.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client: run/'s UdpProbe in the client's namespace asks one VIP every 10 ms and prints
 * {@code <epoch-us> <host>} per answer (the lab's UdpEcho on each node answers with its host's name).
 */
final class ProbeWatch {
    static final int ECHO_PORT = 7007;

    /** An answer from a host at that time. */
    record Answer(long micros, String host) {
    }

    private final String vip;
    private final List<Answer> answers = new ArrayList<>();

    ProbeWatch(String vip) {
        this.vip = vip;
    }

    String vip() {
        return vip;
    }

    void start(Lab lab, Spawner spawner, Path dist, Path work, long durationMillis) {
        Process probe = spawner.start(List.of("ip", "netns", "exec", lab.namespace(Lab.CLIENT), "java", "-Xmx32m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", dist.resolve("target/classes").toString(), "org.ipfailover.run.lab.UdpProbe", vip,
                Integer.toString(ECHO_PORT), "10", Long.toString(durationMillis)), Map.of(), null);
        Thread reader = new Thread(() -> read(probe, work.resolve("probe-" + vip + ".out")), "probe-" + vip);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Process probe, Path copy) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(copy)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(line);
                out.write('\n');
                String[] fields = line.trim().split(" ");
                if (fields.length == 2 && fields[0].matches("\\d+")) {
                    synchronized (answers) {
                        answers.add(new Answer(Long.parseLong(fields[0]), fields[1]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.say("probe of " + vip + " ended: " + e);
        }
    }

    /** @return whether every answer of the last {@code millis} came from the host, and there were some */
    boolean onlyFrom(String host, long millis) {
        long since = Clock.nowMicros() - millis * 1000;
        int seen = 0;
        synchronized (answers) {
            for (int i = answers.size() - 1; i >= 0 && answers.get(i).micros() > since; i--) {
                if (!answers.get(i).host().equals(host)) {
                    return false;
                }
                seen++;
            }
        }
        return seen > 0;
    }

    List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }
}
