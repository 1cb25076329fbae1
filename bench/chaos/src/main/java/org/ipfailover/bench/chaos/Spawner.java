package org.ipfailover.bench.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the campaign's processes and stops them by their PID only. Every PID goes, with its
 * start time, into {@code <work>/pids}, so that bench/chaos/run can kill what is left even when
 * this program itself was killed.
 */
final class Spawner {
    private final Path pids;
    private final List<Process> started = new ArrayList<>();

    Spawner(Path work) {
        this.pids = work.resolve("pids");
    }

    /** @param output the file that gets the process's stdout and stderr, appended; null: read them from the Process */
    synchronized Process start(List<String> command, Map<String, String> environment, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (output != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process process = builder.start();
            started.add(process);
            Files.writeString(pids, process.pid() + " " + startTime(process.pid()) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL, and wait (at most 5 s) until it is gone. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(process, 5000);
    }

    /** @return whether the process ended within the time */
    static boolean await(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -SIGNAL to one process this campaign started. */
    static void signal(Process process, String signal) {
        if (process != null && process.isAlive()) {
            Commands.runOrWarn("kill", "-" + signal, Long.toString(process.pid()));
        }
    }

    synchronized void stopAll() {
        for (Process process : started) {
            if (process.isAlive()) {
                signal(process, "CONT");
                process.destroyForcibly();
            }
        }
        for (Process process : started) {
            await(process, 5000);
        }
    }

    private static String startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[19];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
