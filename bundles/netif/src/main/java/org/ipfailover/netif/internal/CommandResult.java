package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ipfailover.api.BackendException;

/**
 * How a command ended.
 *
 * @param command the argument list
 * @param status its exit status
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 * @param killedAfter the time limit it exceeded, or null when it ended by itself
 */
record CommandResult(List<String> command, int status, String stdout, String stderr, Duration killedAfter) {
    private static final int QUOTED_LINES = 3;

    String commandLine() {
        return String.join(" ", command);
    }

    boolean succeeded() {
        return status == 0 && killedAfter == null;
    }

    /** @return whether the command failed and said one of {@code phrases} (case-insensitive) */
    boolean failedSaying(List<String> phrases) {
        if (succeeded() || killedAfter != null) {
            return false;
        }
        String said = (stderr + "\n" + stdout).toLowerCase(Locale.ROOT);
        return phrases.stream().anyMatch(said::contains);
    }

    /** @return this result when the command succeeded */
    CommandResult orThrow() throws BackendException {
        if (!succeeded()) {
            throw failure();
        }
        return this;
    }

    BackendException failure() {
        if (killedAfter != null) {
            return new BackendException("`" + commandLine() + "` did not finish within " + killedAfter.toMillis()
                    + " ms and was killed");
        }
        String said = firstLines(stderr.isBlank() ? stdout : stderr);
        return new BackendException("`" + commandLine() + "` failed with exit status " + status
                + (said.isEmpty() ? "" : ": " + said));
    }

    private static String firstLines(String text) {
        return Arrays.stream(text.strip().split("\\R")).map(String::strip).filter(line -> !line.isEmpty())
                .limit(QUOTED_LINES).collect(Collectors.joining(" / "));
    }
}
