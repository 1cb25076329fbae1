package org.ipfailover.detector.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.ipfailover.threads.internal.Threads;

/**
 * Runs every health check at its interval, each run on a thread of its own pool and under its
 * timeout, and reports each outcome: a pass (status OK or WARN), or a failure with what the check
 * said, the exception it threw, or that it did not answer in time. The decision thread is never
 * the one that waits; a check whose previous run has not returned is not run again meanwhile (it
 * fails at each interval instead), so a hanging check holds at most one thread.
 */
final class CheckRunner {
    /** Told each outcome, on a thread of the runner. */
    interface Outcomes {
        void outcome(CheckDefinition check, boolean passed, String output);
    }

    private final Outcomes outcomes;
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, Threads.named("ipfailover-checks"));
    private final ExecutorService runner = Executors.newCachedThreadPool(Threads.named("ipfailover-check"));
    private final Map<String, Scheduled> running = new HashMap<>();

    CheckRunner(Outcomes outcomes) {
        this.outcomes = outcomes;
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Runs exactly these checks from now on: new ones start at once, changed ones anew, gone ones stop. */
    synchronized void run(List<CheckDefinition> checks) {
        Map<String, CheckDefinition> wanted = new HashMap<>();
        for (CheckDefinition check : checks) {
            wanted.putIfAbsent(check.name(), check);
        }
        running.entrySet().removeIf(entry -> {
            boolean keep = entry.getValue().definition.sameRunAs(wanted.get(entry.getKey()));
            if (!keep) {
                entry.getValue().cancel();
            }
            return !keep;
        });
        for (CheckDefinition check : wanted.values()) {
            if (!running.containsKey(check.name())) {
                Scheduled scheduled = new Scheduled(check);
                try {
                    scheduled.start();
                    running.put(check.name(), scheduled);
                } catch (RejectedExecutionException stopped) {
                    return;
                }
            }
        }
    }

    synchronized void stop() {
        running.values().forEach(Scheduled::cancel);
        running.clear();
        scheduler.shutdownNow();
        runner.shutdownNow();
    }

    private final class Scheduled {
        private final CheckDefinition definition;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile long startedNanos;
        private volatile ScheduledFuture<?> timer;
        private volatile Future<?> current;
        private volatile boolean cancelled;

        Scheduled(CheckDefinition definition) {
            this.definition = definition;
        }

        void start() {
            timer = scheduler.scheduleAtFixedRate(this::runOnce, 0, definition.intervalMillis(), TimeUnit.MILLISECONDS);
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            Future<?> run = current;
            if (run != null) {
                run.cancel(true);
            }
        }

        /** A run that ended needs its timeout no more: it leaves the scheduler's queue at once. */
        private static void stopTimer(ScheduledFuture<?> timer) {
            if (timer != null) {
                timer.cancel(false);
            }
        }

        /** What a run of a check that is no longer wanted (removed, reconfigured) says is dropped. */
        private void tell(boolean passed, String output) {
            if (!cancelled) {
                outcomes.outcome(definition, passed, output);
            }
        }

        private void runOnce() {
            if (!busy.compareAndSet(false, true)) {
                long millis = (System.nanoTime() - startedNanos) / 1_000_000L;
                if (millis >= definition.timeoutMillis()) {
                    tell(false, "its previous run has not returned for " + millis + " ms");
                }
                return;
            }
            startedNanos = System.nanoTime();
            AtomicBoolean told = new AtomicBoolean();
            AtomicReference<ScheduledFuture<?>> deadline = new AtomicReference<>();
            try {
                current = runner.submit(() -> {
                    try {
                        Result result = definition.check().execute();
                        if (told.compareAndSet(false, true)) {
                            tell(result);
                        }
                    } catch (RuntimeException | Error e) {
                        if (told.compareAndSet(false, true)) {
                            tell(false, "threw " + (e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
                                    : e.toString()));
                        }
                    } finally {
                        busy.set(false);
                        stopTimer(deadline.get());
                    }
                });
            } catch (RejectedExecutionException stopped) {
                busy.set(false);
                return;
            }
            deadline.set(scheduler.schedule(() -> {
                if (told.compareAndSet(false, true)) {
                    current.cancel(true);
                    tell(false, "timed out after " + definition.timeoutMillis() + " ms");
                }
            }, definition.timeoutMillis(), TimeUnit.MILLISECONDS));
            if (told.get()) {
                stopTimer(deadline.get()); // the run ended before its timer was set
            }
        }

        private void tell(Result result) {
            if (result == null) {
                tell(false, "returned no result");
                return;
            }
            Result.Status status = result.getStatus();
            boolean passed = status == Result.Status.OK || status == Result.Status.WARN;
            String output = status.name();
            for (ResultLog.Entry entry : result) {
                if (!entry.isDebug() && entry.getMessage() != null && !entry.getMessage().isBlank() && entry.getStatus() == status) {
                    output = entry.getMessage();
                }
            }
            if (output.equals(status.name())) {
                for (ResultLog.Entry entry : result) {
                    if (entry.getMessage() != null && !entry.getMessage().isBlank()) {
                        output = entry.getMessage();
                    }
                }
            }
            tell(passed, output);
        }
    }
}
