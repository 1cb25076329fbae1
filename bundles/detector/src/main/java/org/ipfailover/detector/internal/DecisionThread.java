package org.ipfailover.detector.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns every group's state machine and the group table: beats, outcomes,
 * ticks and operator commands all reach them through it.
 */
final class DecisionThread {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final ScheduledThreadPoolExecutor executor;

    DecisionThread() {
        executor = new ScheduledThreadPoolExecutor(1, Threads.named("ipfailover-detector"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the pending tick goes with the detector
    }

    /** Hands a task to the decision thread; once the detector stops, late beats and outcomes are dropped. */
    void decide(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("Detector: a decision task failed", e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Detector stopped: a late task was dropped");
        }
    }

    /** Runs the task on the decision thread and waits for its answer. */
    <T> T call(Callable<T> task) {
        try {
            return executor.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the detector did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** @return false when the detector has stopped and the task will not run */
    boolean schedule(Runnable task, long delayNanos) {
        try {
            executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    void shutdown(long waitMillis) {
        executor.shutdown();
        Threads.await(executor, waitMillis);
    }
}
