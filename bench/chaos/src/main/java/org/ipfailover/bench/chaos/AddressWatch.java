package org.ipfailover.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ip -ts -o monitor address} in every node's namespace, all the time: each VIP added to or
 * removed from a host's kernel, stamped by ip when the kernel told it.
 */
final class AddressWatch {
    /** A VIP added to or removed from a host's eth0. */
    record Change(long micros, String host, String vip, boolean added) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();
    private final Set<String> vips;

    AddressWatch(Set<String> vips) {
        this.vips = vips;
    }

    void start(Lab lab, Spawner spawner, Path work) {
        for (String host : lab.hosts()) {
            Process monitor = spawner.start(List.of("ip", "-n", lab.namespace(host), "-ts", "-o", "monitor", "address"),
                    Map.of("TZ", "UTC"), null);
            Thread reader = new Thread(() -> read(host, monitor, work.resolve("monitor-" + host + ".out")), "monitor-" + host);
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(String host, Process monitor, Path copy) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(copy)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(line);
                out.write('\n');
                out.flush();
                Change change = parse(host, line);
                if (change != null) {
                    synchronized (changes) {
                        changes.add(change);
                    }
                    held.put(host + "/" + change.vip(), change.added());
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.say("address monitor of " + host + " ended: " + e);
        }
    }

    Change parse(String host, String line) {
        if (!line.startsWith("[") || line.indexOf(']') < 0) {
            return null;
        }
        for (String vip : vips) {
            if (line.contains(" inet " + vip + "/")) {
                LocalDateTime time = LocalDateTime.parse(line.substring(1, line.indexOf(']')));
                long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant(ZoneOffset.UTC));
                boolean deleted = line.substring(line.indexOf(']') + 1).trim().startsWith("Deleted");
                return new Change(micros, host, vip, !deleted);
            }
        }
        return null;
    }

    boolean holds(String host, String vip) {
        return held.getOrDefault(host + "/" + vip, false);
    }

    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }
}
