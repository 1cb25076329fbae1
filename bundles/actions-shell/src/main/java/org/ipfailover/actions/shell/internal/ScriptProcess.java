package org.ipfailover.actions.shell.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script as an argument list, with stdin closed and its output in the log, and kills it
 * with every process it started when its time is up or the calling thread is interrupted.
 */
final class ScriptProcess {
    /** How long to wait for output after the script ended: a daemon it started may hold the pipe open for good. */
    static final long DRAIN_MILLIS = 500;

    /**
     * @param killed how many processes the script had started when it was killed at its timeout
     * @param elapsed how long it ran
     */
    record Outcome(String label, int exitStatus, boolean timedOut, int killed, Duration elapsed, String output) {
        boolean success() {
            return !timedOut && exitStatus == 0;
        }

        /** A script that could not be started, e.g. for a missing interpreter. */
        static Outcome notStarted(String label, IOException e) {
            return new Outcome(label, -1, false, 0, Duration.ZERO, e.getMessage());
        }

        /** @return e.g. "PreAcq-1 exited 3: disk not found", "Test timed out after 60 s …" */
        String describe() {
            if (timedOut) {
                return String.format(Locale.ROOT, "%s timed out after %.1f s: killed it and %d process(es) it started", label,
                        elapsed.toMillis() / 1000.0, killed);
            }
            String what = exitStatus < 0 ? label + " could not be started" : label + " exited " + exitStatus;
            return success() || output.isEmpty() ? what : what + ": " + output;
        }
    }

    private ScriptProcess() {
    }

    /**
     * @param label the script's name in the log
     * @throws IOException when it cannot be started
     * @throws InterruptedException when the calling thread is interrupted; the script is killed first
     */
    static Outcome run(String label, List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // the context is exactly what ScriptEnvironment says, whatever IPFAILOVER_* the node itself was started with
        builder.environment().keySet().removeIf(name -> name.startsWith("IPFAILOVER_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        OutputTail tail = new OutputTail();
        Thread out = OutputPump.start(process.getInputStream(), label, false, tail);
        Thread err = OutputPump.start(process.getErrorStream(), label, true, tail);
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            throw e;
        }
        int killed = exited ? 0 : ProcessTree.kill(process.toHandle());
        int status = process.waitFor();
        long drainUntil = System.currentTimeMillis() + DRAIN_MILLIS;
        out.join(DRAIN_MILLIS);
        err.join(Math.max(1, drainUntil - System.currentTimeMillis()));
        return new Outcome(label, status, !exited, killed, Duration.ofNanos(System.nanoTime() - start), tail.text());
    }
}
