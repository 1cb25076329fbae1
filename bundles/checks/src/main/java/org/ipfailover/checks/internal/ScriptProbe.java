package org.ipfailover.checks.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.hc.api.Result;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessResult;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.StrictModes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the program with its arguments: exit 0 is OK, anything else CRITICAL with its last line of
 * output. At the timeout the probe fails, and the program and every process it started are killed.
 * A program that StrictModes refuses is not run; the refusal is logged when it starts and when it
 * changes, not at every run.
 */
final class ScriptProbe implements Probe {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptProbe.class);

    private final String name;
    private final List<String> command;
    private final Duration timeout;
    private final StrictModes strictModes;
    private final ProcessRunner processes;
    private volatile String refusal;

    ScriptProbe(String name, List<String> command, Duration timeout, StrictModes strictModes, ProcessRunner processes) {
        this.name = name;
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.strictModes = strictModes;
        this.processes = processes;
    }

    @Override
    public Result probe() {
        String refused = refusal();
        if (refused != null) {
            return new Result(Result.Status.CRITICAL, refused);
        }
        // the runner kills the program and its processes at the timeout; the result is not waited for past it
        CompletableFuture<ProcessResult> running = processes.start(ProcessCommand.of(command, timeout));
        ProcessResult run;
        try {
            run = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(Result.Status.CRITICAL, Failures.timedOut(timeout));
        } catch (ExecutionException e) {
            return new Result(Result.Status.CRITICAL, "cannot run " + program() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Result.Status.CRITICAL, "interrupted");
        }
        return switch (run.ending()) {
            case NOT_STARTED -> new Result(Result.Status.CRITICAL, "cannot run " + program() + ": " + run.startFailure());
            case TIMED_OUT -> new Result(Result.Status.CRITICAL, Failures.timedOut(timeout));
            case EXITED -> new Result(run.succeeded() ? Result.Status.OK : Result.Status.CRITICAL,
                    run.lastLine().isEmpty() ? "exit status " + run.exitStatus() : run.lastLine());
        };
    }

    /** @return why the program must not run now, or null; logged when it first appears and when it changes */
    String refusal() {
        String now = check();
        if (now != null && !now.equals(refusal)) {
            LOG.error("Check {}: {}", name, now);
        } else if (now == null && refusal != null) {
            LOG.info("Check {}: {} may run again", name, program());
        }
        refusal = now;
        return now;
    }

    private String check() {
        Path program = program();
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            return program + " is not an executable file";
        }
        List<String> problems = strictModes.problems(program, Objects.requireNonNullElse(program.getParent(), program));
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private Path program() {
        return Path.of(command.get(0));
    }
}
