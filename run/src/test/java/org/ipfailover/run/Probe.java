package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The client's probe of run/lab: its answers, {@code <epoch-micros> <host>}, as they come. */
final class Probe {
    record Answer(long micros, String host) {
    }

    private final Process process;
    private final Path out;

    Probe(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    List<Answer> answers() throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            String[] cells = line.split(" ");
            if (cells.length == 2 && cells[0].matches("\\d+")) {
                answers.add(new Answer(Long.parseLong(cells[0]), cells[1]));
            }
        }
        return answers;
    }

    /** @return the first answer from the host after the time, or null */
    Answer firstFrom(String host, long afterMicros) throws IOException {
        return answers().stream().filter(a -> a.micros() > afterMicros && a.host().equals(host)).findFirst().orElse(null);
    }

    /** @return the longest silence between two answers within the window, in microseconds */
    long longestSilence(long fromMicros, long toMicros) throws IOException {
        long longest = 0;
        long previous = fromMicros;
        for (Answer answer : answers()) {
            if (answer.micros() <= fromMicros || answer.micros() > toMicros) {
                continue;
            }
            longest = Math.max(longest, answer.micros() - previous);
            previous = answer.micros();
        }
        return Math.max(longest, toMicros - previous);
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
