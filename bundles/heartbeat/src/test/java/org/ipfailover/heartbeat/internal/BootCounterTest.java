package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootCounterTest {
    private static final long NOW = 1_790_000_000L;

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @Test
    void withoutAFileStartsFromTheClockAndWritesIt() throws IOException {
        Path folder = dir.resolve("var/state");

        assertEquals(NOW, next(folder, NOW));

        assertEquals(NOW + "\n", Files.readString(folder.resolve(BootCounter.FILE)));
        assertEquals(List.of(), warnings);
        assertEquals(List.of(), errors);
        assertTrue(Files.list(folder).allMatch(f -> f.getFileName().toString().equals(BootCounter.FILE)), "no tmp file left");
    }

    @Test
    void countsUpFromTheLastStartEvenWhenTheClockIsBehind() throws IOException {
        assertEquals(NOW, next(dir, NOW));
        assertEquals(NOW + 1, next(dir, NOW), "a second start within the same second");
        assertEquals(NOW + 2, next(dir, NOW - 3600), "the clock went back an hour");
        assertEquals(NOW + 100, next(dir, NOW + 100), "the clock is ahead");
        assertEquals(NOW + 100 + "\n", Files.readString(dir.resolve(BootCounter.FILE)));
    }

    @Test
    void aFileWithoutACounterIsReportedAndTheClockCounts() throws IOException {
        Files.writeString(dir.resolve(BootCounter.FILE), "garbage\u0000\n");

        assertEquals(NOW, next(dir, NOW));

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(dir.resolve(BootCounter.FILE).toString()) && warnings.get(0).contains("garbage"),
                warnings.get(0));
        assertEquals(NOW + "\n", Files.readString(dir.resolve(BootCounter.FILE)));
        Files.writeString(dir.resolve(BootCounter.FILE), String.valueOf(BootCounter.MAX));
        assertEquals(NOW, next(dir, NOW), "a counter that cannot grow is no counter");
    }

    @Test
    void anUnwritableFolderStillGivesACounterAndOneErrorLine() throws IOException {
        Path notAFolder = dir.resolve("file");
        Files.writeString(notAFolder, "");

        assertEquals(NOW, next(notAFolder.resolve("var"), NOW));

        assertEquals(1, errors.size(), errors.toString());
        String line = errors.get(0);
        assertTrue(line.contains(notAFolder.resolve("var").resolve(BootCounter.FILE).toString())
                && line.contains("replay protection across restarts is weakened") && !line.contains("\n"), line);
    }

    private long next(Path folder, long now) {
        return BootCounter.next(folder, now, warnings::add, errors::add);
    }
}
