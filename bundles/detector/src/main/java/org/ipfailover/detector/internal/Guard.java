package org.ipfailover.detector.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls into plugin code (an action, the network backend) on a thread of the plugin runner, under a
 * timeout, turning whatever goes wrong into a {@link PluginFailure} that names what was called: a
 * plugin that throws, hangs or returns nothing never stalls or kills the caller.
 */
final class Guard {
    private final ExecutorService runner;

    Guard(ExecutorService runner) {
        this.runner = runner;
    }

    /** A plugin call that did not answer: thrown, timed out, interrupted, or refused. */
    static final class PluginFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PluginFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @FunctionalInterface
    interface Call<T> extends Callable<T> {
    }

    /**
     * @param what what is called, for the failure's message (e.g. "iproute2: adding eth0:198.51.100.10/24")
     * @throws PluginFailure with a one-line message when the call throws, times out, or is interrupted
     */
    <T> T call(String what, long timeoutMillis, Call<T> call) throws PluginFailure {
        Future<T> future;
        try {
            future = runner.submit(call);
        } catch (RejectedExecutionException stopping) {
            throw new PluginFailure(what + ": the detector is stopping", stopping);
        }
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PluginFailure(what + ": no answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            throw new PluginFailure(what + ": " + message, cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginFailure(what + ": interrupted", e);
        }
    }

    /** Like {@link #call}, but answers {@code fallback} instead of failing; for what a plugin says of itself. */
    <T> T callOr(String what, long timeoutMillis, Call<T> call, T fallback, java.util.function.Consumer<String> report) {
        try {
            T value = call(what, timeoutMillis, call);
            if (value == null) {
                report.accept(what + ": returned nothing");
                return fallback;
            }
            return value;
        } catch (PluginFailure e) {
            report.accept(e.getMessage());
            return fallback;
        }
    }
}
