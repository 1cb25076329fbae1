package org.ipfailover.process.internal;

import java.time.Duration;
import java.util.List;

/**
 * How a command ended.
 *
 * @param command the argument list
 * @param ending whether it exited by itself, was killed at its timeout, or never started
 * @param exitStatus its exit status; {@value #NO_STATUS} when it never started, or was still there after the kill
 * @param killed how many processes it had started were there to be killed with it at its timeout
 * @param elapsed from its start until it ended
 * @param stdout the start of its standard output (and of its standard error, when merged)
 * @param stderr the start of its standard error; empty when merged
 * @param lastLines its last {@value #LAST_LINES} non-blank lines of either stream, stripped, oldest first
 * @param startFailure why it never started; empty when it did
 */
public record ProcessResult(List<String> command, Ending ending, int exitStatus, int killed, Duration elapsed, String stdout,
        String stderr, List<String> lastLines, String startFailure) {
    public static final int NO_STATUS = -1;
    public static final int LAST_LINES = 10;

    public enum Ending {
        EXITED, TIMED_OUT, NOT_STARTED
    }

    public ProcessResult {
        command = List.copyOf(command);
        lastLines = List.copyOf(lastLines);
    }

    static ProcessResult notStarted(List<String> command, String reason) {
        return new ProcessResult(command, Ending.NOT_STARTED, NO_STATUS, 0, Duration.ZERO, "", "", List.of(), reason);
    }

    public boolean started() {
        return ending != Ending.NOT_STARTED;
    }

    public boolean timedOut() {
        return ending == Ending.TIMED_OUT;
    }

    /** @return whether it exited by itself with status 0 */
    public boolean succeeded() {
        return ending == Ending.EXITED && exitStatus == 0;
    }

    /** @return the arguments joined by spaces, for messages */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** @return the last non-blank line it wrote, or empty */
    public String lastLine() {
        return lastLines.isEmpty() ? "" : lastLines.get(lastLines.size() - 1);
    }
}
