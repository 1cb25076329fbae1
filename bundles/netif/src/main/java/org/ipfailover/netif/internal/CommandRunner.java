package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ipfailover.api.BackendException;
import org.ipfailover.process.internal.OutputListener;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessResult;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.RunningCommand;

/**
 * The backend's commands, run with its time limit by the runner of the component that offers it.
 * Messages are asked for in the C locale, so that their wording can be recognised.
 */
final class CommandRunner {
    /** Enough for the addresses of an interface that holds thousands. */
    static final int MAX_OUTPUT = 4 * 1024 * 1024;
    /** A command that runs for good keeps the start of its output only for the reason it gives when it ends. */
    private static final int SPAWNED_OUTPUT = 4096;

    private final ProcessRunner processes;
    private final Duration timeout;

    CommandRunner(ProcessRunner processes, Duration timeout) {
        this.processes = processes;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * @return how the command ended, whatever its exit status
     * @throws BackendException when it cannot be started, or was killed at its time limit
     */
    CommandResult run(List<String> command) throws BackendException {
        ProcessResult ended;
        try {
            ended = processes.run(command(command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for `" + String.join(" ", command) + "`", e);
        }
        CommandResult result = result(ended);
        if (result.killedAfter() != null) {
            throw result.failure();
        }
        return result;
    }

    /**
     * @return the command's end, to come; it is killed when it runs past the time limit
     * @throws BackendException when it cannot be started
     */
    CompletableFuture<CommandResult> start(List<String> command) throws BackendException {
        CompletableFuture<ProcessResult> running = processes.start(command(command));
        ProcessResult notStarted = running.getNow(null);
        if (notStarted != null) {
            result(notStarted);
        }
        return running.thenApply(this::resultOrKilled);
    }

    /**
     * Starts a command that runs until it is stopped, such as a monitor, without a time limit.
     *
     * @param lines hears each line it writes, as it writes it
     * @return the command running, or ended already when it could not start
     */
    RunningCommand spawn(List<String> command, OutputListener lines) {
        return processes.spawn(ProcessCommand.untilStopped(command).cLocale().maxOutput(SPAWNED_OUTPUT).onLine(lines));
    }

    /** @return how a spawned command ended, in one line: it exited, was killed by a signal, or never started */
    static String ending(ProcessResult result) {
        if (!result.started()) {
            return "cannot run `" + result.commandLine() + "`: " + result.startFailure();
        }
        int status = result.exitStatus();
        String said = result.stderr().strip().lines().findFirst().orElse("");
        // Java reports a process killed by signal N with status 128 + N
        String how = status > 128 && status < 128 + 65 ? "was killed by signal " + (status - 128) : "ended with exit status " + status;
        return "`" + result.commandLine() + "` " + how + (said.isEmpty() ? "" : ": " + said);
    }

    private ProcessCommand command(List<String> command) {
        return ProcessCommand.of(command, timeout).cLocale().maxOutput(MAX_OUTPUT);
    }

    private CommandResult result(ProcessResult ended) throws BackendException {
        if (!ended.started()) {
            throw new BackendException("cannot run `" + ended.commandLine() + "`: " + ended.startFailure());
        }
        return resultOrKilled(ended);
    }

    private CommandResult resultOrKilled(ProcessResult ended) {
        return new CommandResult(ended.command(), ended.exitStatus(), ended.stdout(), ended.stderr(), ended.timedOut() ? timeout : null);
    }
}
