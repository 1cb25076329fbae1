package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ip -ts monitor address} in one host: when an address was added and deleted there. */
final class AddressMonitor {
    record Change(long micros, boolean added, String line) {
    }

    private final Process process;
    private final Path out;

    AddressMonitor(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** @return the changes of one address, in order; lines look like "[2026-11-22T20:40:01.123456] Deleted 2: eth0 inet ..." */
    List<Change> changes(String address) throws IOException {
        return changes().stream().filter(c -> c.line().contains(" " + address + "/")).toList();
    }

    /** @return the changes of every address, in order */
    List<Change> changes() throws IOException {
        List<Change> changes = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.startsWith("[") || !line.contains(" inet")) {
                continue;
            }
            String stamp = line.substring(1, line.indexOf(']'));
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, LocalDateTime.parse(stamp).atZone(ZoneId.systemDefault()).toInstant());
            changes.add(new Change(micros, !line.contains("Deleted"), line));
        }
        return changes;
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
