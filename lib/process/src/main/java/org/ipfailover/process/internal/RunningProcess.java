package org.ipfailover.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipfailover.process.internal.ProcessResult.Ending;

/** One command from its start to its result: its readers, its timeout, its kill. */
final class RunningProcess implements RunningCommand {
    private final ProcessCommand command;
    private final Process process;
    private final long start;
    private final LastLines lastLines = new LastLines();
    private final OutputReader out;
    private final OutputReader err;
    private final CompletableFuture<ProcessResult> result = new CompletableFuture<>();
    private int killed = -1;

    private RunningProcess(ProcessCommand command, Process process, long start) {
        this.command = command;
        this.process = process;
        this.start = start;
        this.out = new OutputReader(process.getInputStream(), false, command.maxOutput(), command.listener(), lastLines);
        this.err = command.mergesErrors() ? null
                : new OutputReader(process.getErrorStream(), true, command.maxOutput(), command.listener(), lastLines);
    }

    /**
     * @param threads runs its readers and its watch, which waits for its end or kills it at its timeout
     * @throws RejectedExecutionException when {@code threads} take no more work: the command is killed
     */
    static RunningProcess start(ProcessCommand command, Executor threads) throws IOException {
        long start = System.nanoTime();
        RunningProcess running = new RunningProcess(command, command.builder().start(), start);
        try {
            threads.execute(running.out);
            if (running.err != null) {
                threads.execute(running.err);
            }
            threads.execute(running::watch);
        } catch (RejectedExecutionException e) {
            running.kill();
            throw e;
        }
        return running;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<ProcessResult> result() {
        return result;
    }

    @Override
    public void stop() {
        kill();
    }

    /** @return how many processes below it there were to end; the same on every call */
    synchronized int kill() {
        if (killed < 0) {
            killed = ProcessTree.kill(process.toHandle(), ProcessTree.GRACE);
        }
        return killed;
    }

    private void watch() {
        try {
            awaitEnd();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            throw e;
        }
    }

    private void awaitEnd() {
        boolean exited;
        try {
            exited = process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exited = false;
        }
        int below = exited ? 0 : kill();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // a process in uninterruptible sleep (a hung NFS server) outlives even KILL: its result does not wait for it
        boolean ended = exited || awaitExit();
        if (ended) {
            drain();
        }
        String stderr = err != null ? err.text() : "";
        result.complete(new ProcessResult(command.arguments(), exited ? Ending.EXITED : Ending.TIMED_OUT,
                ended ? process.exitValue() : ProcessResult.NO_STATUS, below, elapsed, out.text(), stderr, lastLines.list(), ""));
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(ProcessTree.GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return !process.isAlive();
        }
    }

    /** Waits a little for the output: a daemon the command started may hold its pipes open for good. */
    private void drain() {
        CompletableFuture<Void> both = err != null ? CompletableFuture.allOf(out.ended(), err.ended()) : out.ended();
        try {
            both.get(ProcessRunner.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            // what was read so far is the output
        }
    }
}
