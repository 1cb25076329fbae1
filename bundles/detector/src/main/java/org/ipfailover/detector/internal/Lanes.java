package org.ipfailover.detector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane per group: what the detector does to a group's addresses (test, acquire, release,
 * announce, re-add) runs in the order it was decided, one task at a time, on the shared pipeline
 * threads. A release decided after a re-add therefore runs after it, and never the other way round.
 * While held ({@link #hold()}), what is queued waits, in order, until {@link #open()}: a burst of
 * steps has its journal written before any of their effects runs ({@link StepBatch}).
 */
final class Lanes {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);

    private final ExecutorService threads;
    private final Map<String, Deque<Runnable>> queues = new HashMap<>();
    /** What was queued while held, in order; null while open. */
    private List<Map.Entry<String, Runnable>> held;

    Lanes(ExecutorService threads) {
        this.threads = threads;
    }

    /** Queues the task on the group's lane; a task that throws is logged and the lane goes on. */
    void run(String group, Runnable task) {
        synchronized (queues) {
            if (held != null) {
                held.add(Map.entry(group, task));
                return;
            }
            if (!enqueue(group, task)) {
                return;
            }
        }
        start(group, task);
    }

    /** From now on, what is queued waits for {@link #open()}. */
    void hold() {
        synchronized (queues) {
            if (held == null) {
                held = new ArrayList<>();
            }
        }
    }

    /** Queues what waited, in the order it came, and queues directly again. */
    void open() {
        List<Map.Entry<String, Runnable>> starts = new ArrayList<>();
        synchronized (queues) {
            if (held == null) {
                return;
            }
            for (Map.Entry<String, Runnable> entry : held) {
                if (enqueue(entry.getKey(), entry.getValue())) {
                    starts.add(entry);
                }
            }
            held = null;
        }
        starts.forEach(entry -> start(entry.getKey(), entry.getValue()));
    }

    /** @return true when the group's lane was idle: the caller starts it with the task */
    private boolean enqueue(String group, Runnable task) {
        Deque<Runnable> queue = queues.get(group);
        if (queue != null) {
            queue.addLast(task);
            return false;
        }
        queues.put(group, new ArrayDeque<>());
        return true;
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
            return !queues.isEmpty() || (held != null && !held.isEmpty());
        }
    }
}
