package org.ipfailover.detector.internal;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns every group's state machine and the group table: beats, outcomes,
 * ticks and operator commands all reach them through it. After each task it tells its
 * {@link TaskEnd}, which commits the steps taken when a burst of work is over ({@link StepBatch}).
 */
final class DecisionThread {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    /** Told after every task, on the decision thread. */
    interface TaskEnd {
        /** @param awaited someone waits for the task's answer ({@link #call}) */
        void ended(boolean awaited);
    }

    private final ScheduledThreadPoolExecutor executor;
    private final List<TaskEnd> taskEnds = new CopyOnWriteArrayList<>();
    private volatile Thread owner;

    DecisionThread() {
        ThreadFactory named = Threads.named("ipfailover-detector");
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = named.newThread(task);
            owner = thread;
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the pending tick goes with the detector
        executor.setRemoveOnCancelPolicy(true); // a tick moved earlier must not wake the thread at its old time
    }

    /** Adds a hook told after every task, after the ones added before it. */
    void onTaskEnd(TaskEnd hook) {
        taskEnds.add(hook);
    }

    boolean isDecisionThread() {
        return Thread.currentThread() == owner;
    }

    /** @return whether another task is due now (a tick that is not due yet does not count) */
    boolean hasReadyTask() {
        Runnable head = executor.getQueue().peek();
        return head instanceof Delayed next && next.getDelay(TimeUnit.NANOSECONDS) <= 0;
    }

    private void ended(boolean awaited) {
        for (TaskEnd taskEnd : taskEnds) {
            try {
                taskEnd.ended(awaited);
            } catch (RuntimeException | Error e) {
                LOG.error("Detector: what follows a decision task failed", e);
            }
        }
    }

    /** Hands a task to the decision thread; once the detector stops, late beats and outcomes are dropped. */
    void decide(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("Detector: a decision task failed", e);
                } finally {
                    ended(false);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Detector stopped: a late task was dropped");
        }
    }

    /** Runs the task on the decision thread and waits for its answer. */
    <T> T call(Callable<T> task) {
        try {
            return executor.submit(() -> {
                try {
                    return task.call();
                } finally {
                    ended(true);
                }
            }).get(10, TimeUnit.SECONDS);
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
        return scheduleCancellable(task, delayNanos) != null;
    }

    /** @return the scheduled task, to cancel it; null when the detector has stopped and the task will not run */
    Future<?> scheduleCancellable(Runnable task, long delayNanos) {
        try {
            return executor.schedule(() -> {
                try {
                    task.run();
                } finally {
                    ended(false);
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    void shutdown(long waitMillis) {
        executor.shutdown();
        Threads.await(executor, waitMillis);
    }
}
