package org.ipfailover.actions.shell.internal;

import java.time.Duration;
import java.util.Locale;
import org.ipfailover.process.internal.ProcessResult;

/** How one script ended, in the words of the action's result; a timeout is named as configured, not as measured. */
record ScriptOutcome(String label, ProcessResult result, Duration timeout) {
    /** How much of the script's last lines a reason quotes. */
    static final int CHARACTERS = 600;

    boolean success() {
        return result.succeeded();
    }

    /** @return e.g. "PreAcq-1 exited 3: disk not found", "Test timed out after 60.0 s …" */
    String describe() {
        if (result.timedOut()) {
            return String.format(Locale.ROOT, "%s timed out after %.1f s: killed it and %d process(es) it started", label,
                    timeout.toMillis() / 1000.0, result.killed());
        }
        if (!result.started()) {
            return label + " could not be started" + (result.startFailure().isEmpty() ? "" : ": " + result.startFailure());
        }
        String what = label + " exited " + result.exitStatus();
        String output = lastLines();
        return success() || output.isEmpty() ? what : what + ": " + output;
    }

    /** @return the last lines joined with "; ", cut to the last {@value #CHARACTERS} characters */
    private String lastLines() {
        String text = String.join("; ", result.lastLines());
        return text.length() <= CHARACTERS ? text : "…" + text.substring(text.length() - CHARACTERS);
    }
}
