package org.ipfailover.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.ipfailover.threads.internal.Threads;

/**
 * Runs commands, each as an argument list with an empty standard input, and kills any that runs
 * past its timeout together with every process it started. One belongs to a component, which
 * closes it when it stops: its threads (readers and watches, a few per command running) end
 * with the commands still running, and it starts no other.
 */
public final class ProcessRunner implements AutoCloseable {
    /** How long the output is waited for once a command has ended: a daemon it started may hold its pipes open. */
    public static final Duration DRAIN = Duration.ofMillis(500);
    private static final String STOPPED = "its component has stopped";

    private final ExecutorService threads;

    /** @param name names its threads in a thread dump, e.g. "ipfailover-netif-io" */
    public ProcessRunner(String name) {
        this.threads = Executors.newCachedThreadPool(Threads.named(name));
    }

    /**
     * @return the command's result, to come once it has ended (by itself or killed at its timeout)
     *         and its output is read; at once when it cannot start
     */
    public CompletableFuture<ProcessResult> start(ProcessCommand command) {
        try {
            return launch(command).result();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(ProcessResult.notStarted(command.arguments(), e.getMessage()));
        }
    }

    /**
     * Runs the command to its end.
     *
     * @throws InterruptedException when the calling thread is interrupted; the command is killed first, with every
     *         process it started
     */
    public ProcessResult run(ProcessCommand command) throws InterruptedException {
        RunningProcess running;
        try {
            running = launch(command);
        } catch (IOException e) {
            return ProcessResult.notStarted(command.arguments(), e.getMessage());
        }
        try {
            return running.result().get();
        } catch (InterruptedException e) {
            running.kill();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a command's watch failed", e.getCause());
        }
    }

    /**
     * Starts a command that its caller stops, e.g. a monitor made with {@link ProcessCommand#untilStopped}:
     * its lines reach the command's listener as they are written.
     *
     * @return the command running; one that cannot start has ended already, saying why
     */
    public RunningCommand spawn(ProcessCommand command) {
        try {
            return launch(command);
        } catch (IOException e) {
            return new RunningCommand.NotStarted(ProcessResult.notStarted(command.arguments(), e.getMessage()));
        }
    }

    /** Starts no more commands; those running go on to their end or their timeout. */
    @Override
    public void close() {
        threads.shutdown();
    }

    private RunningProcess launch(ProcessCommand command) throws IOException {
        if (threads.isShutdown()) {
            throw new IOException(STOPPED);
        }
        try {
            return RunningProcess.start(command, threads);
        } catch (RejectedExecutionException closing) {
            throw new IOException(STOPPED);
        }
    }
}
