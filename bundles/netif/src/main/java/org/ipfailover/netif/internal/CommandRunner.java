package org.ipfailover.netif.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.api.BackendException;

/**
 * Runs commands given as argument lists, never through a shell, and kills any that outlives its
 * time limit. Messages are asked for in the C locale, so that their wording can be recognised.
 */
final class CommandRunner {
    private static final ExecutorService IO = Executors.newCachedThreadPool(Threads.named("ipfailover-netif-io"));
    /** A child that passed its output pipe on to a process of its own must not hold us up once it has ended. */
    private static final long OUTPUT_AFTER_EXIT_MILLIS = 1000;

    private final Duration timeout;

    CommandRunner(Duration timeout) {
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
        CompletableFuture<CommandResult> running = start(command);
        CommandResult result;
        try {
            result = running.get(timeout.toMillis() + 2 * OUTPUT_AFTER_EXIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for `" + String.join(" ", command) + "`", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BackendException("`" + String.join(" ", command) + "` could not be waited for: " + e, e);
        }
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
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackendException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone; its end is reported below
        }
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        AtomicBoolean killed = new AtomicBoolean();
        Executor deadline = CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, IO);
        deadline.execute(() -> {
            if (process.isAlive()) {
                killed.set(true);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        });
        return process.onExit().thenApplyAsync(ended -> new CommandResult(List.copyOf(command), ended.exitValue(),
                collect(out), collect(err), killed.get() ? timeout : null), IO);
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, IO);
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            return output.get(OUTPUT_AFTER_EXIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }
}
