package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ipfailover.api.BackendException;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessResult;
import org.ipfailover.process.internal.ProcessRunner;

/**
 * The backend's commands, run with its time limit by the runner of the component that offers it.
 * Messages are asked for in the C locale, so that their wording can be recognised.
 */
final class CommandRunner {
    /** Enough for the addresses of an interface that holds thousands. */
    static final int MAX_OUTPUT = 4 * 1024 * 1024;

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
