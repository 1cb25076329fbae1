package org.ipfailover.detector.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane per group: what the detector does to a group's addresses (test, acquire, release,
 * announce, re-add) runs in the order it was decided, one task at a time, on the shared pipeline
 * threads. A release decided after a re-add therefore runs after it, and never the other way round.
 */
final class Lanes {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);

    private final ExecutorService threads;
    private final Map<String, Deque<Runnable>> queues = new HashMap<>();

    Lanes(ExecutorService threads) {
        this.threads = threads;
    }

    /** Queues the task on the group's lane; a task that throws is logged and the lane goes on. */
    void run(String group, Runnable task) {
        synchronized (queues) {
            Deque<Runnable> queue = queues.get(group);
            if (queue != null) {
                queue.addLast(task);
                return;
            }
            queues.put(group, new ArrayDeque<>());
        }
        start(group, task);
    }

    private void start(String group, Runnable task) {
        try {
            threads.execute(() -> drain(group, task));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Group {}: the detector stopped, a task was dropped", group);
            synchronized (queues) {
                queues.remove(group);
            }
        }
    }

    private void drain(String group, Runnable first) {
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Group {}: a pipeline task failed", group, e);
            }
            synchronized (queues) {
                Deque<Runnable> queue = queues.get(group);
                task = queue == null ? null : queue.pollFirst();
                if (task == null) {
                    queues.remove(group);
                }
            }
        }
    }

    /** @return whether any lane has work queued or running */
    boolean busy() {
        synchronized (queues) {
            return !queues.isEmpty();
        }
    }
}
