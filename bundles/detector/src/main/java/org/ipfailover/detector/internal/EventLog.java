package org.ipfailover.detector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's history of events, and their delivery to the listeners on a thread of its own, so
 * that a slow listener never delays a decision or a pipeline.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.ipfailover.events");
    static final int CAPACITY = 1000;

    private final Deque<FailoverEvent> history = new ArrayDeque<>();
    private final ExecutorService delivery;
    private final Supplier<List<FailoverListener>> listeners;

    EventLog(ExecutorService delivery, Supplier<List<FailoverListener>> listeners) {
        this.delivery = delivery;
        this.listeners = listeners;
    }

    void publish(FailoverEvent event) {
        synchronized (history) {
            if (history.size() == CAPACITY) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        log(event);
        try {
            delivery.execute(() -> deliver(event));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Event not delivered, the detector is stopping: {}", event);
        }
    }

    List<FailoverEvent> latest(int count) {
        synchronized (history) {
            List<FailoverEvent> all = new ArrayList<>(history);
            return all.subList(Math.max(0, all.size() - count), all.size());
        }
    }

    private void deliver(FailoverEvent event) {
        for (FailoverListener listener : listeners.get()) {
            try {
                listener.failoverEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on {} {}: {}", listener.getClass().getName(), event.type(), event.group(), e.toString());
            }
        }
    }

    private static void log(FailoverEvent event) {
        String subject = event.group() != null ? "group " + event.group() : "peer " + event.peer();
        String change = event.from() != null && event.to() != null && event.from() != event.to()
                ? " " + event.from() + " -> " + event.to() : "";
        switch (event.type()) {
            case TAKEOVER_FAILED, TEST_VETO, ACTION_FAILED, ANOMALY, PEER_LOST ->
                    LOG.warn("{} {}{}: {}", event.type(), subject, change, event.reason());
            default -> LOG.info("{} {}{}: {}", event.type(), subject, change, event.reason());
        }
    }
}
