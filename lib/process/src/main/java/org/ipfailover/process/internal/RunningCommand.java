package org.ipfailover.process.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A command started by {@link ProcessRunner#spawn}: it runs until it ends by itself or its caller
 * stops it, e.g. a monitor that writes a line per event.
 */
public interface RunningCommand {
    /** @return its process id; -1 when it never started */
    long pid();

    /** @return how it ended, once it has and its output is read; at once when it never started */
    CompletableFuture<ProcessResult> result();

    /**
     * Ends it with every process it started: TERM to each, KILL to those still there after a grace.
     * Nothing happens when it has ended.
     */
    void stop();

    /** A command that never started. */
    record NotStarted(ProcessResult ended) implements RunningCommand {
        @Override
        public long pid() {
            return -1;
        }

        @Override
        public CompletableFuture<ProcessResult> result() {
            return CompletableFuture.completedFuture(ended);
        }

        @Override
        public void stop() {
            // nothing runs
        }
    }
}
