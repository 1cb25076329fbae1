package org.ipfailover.actions.serveradmin.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as an argument list with stdin closed, and collects what it writes (standard
 * output and error together). At the timeout, or when the calling thread is interrupted, the
 * command is killed with every process it started.
 */
final class Command {
    /** How long to wait for output after the command ended: a daemon it started may hold the pipe open for good. */
    static final long DRAIN_MILLIS = 500;
    static final int MAX_OUTPUT = 8192;

    record Result(int exitStatus, boolean timedOut, String output) {
        boolean success() {
            return !timedOut && exitStatus == 0;
        }
    }

    private Command() {
    }

    /** @throws IOException when it cannot be started */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> collect(process, output), "ipfailover-serveradmin-output");
        reader.setDaemon(true);
        reader.start();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            throw e;
        }
        if (!exited) {
            ProcessTree.kill(process.toHandle());
        }
        int status = process.waitFor();
        reader.join(DRAIN_MILLIS);
        synchronized (output) {
            return new Result(status, !exited, output.toString());
        }
    }

    private static void collect(Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT) {
                        output.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closes under the reader when the command is killed
        }
    }
}
