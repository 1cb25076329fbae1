package org.ipfailover.detector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's history of events, and their delivery to the listeners on a thread of its own, so
 * that a slow listener never delays a decision or a pipeline. A listener that arrives within
 * {@link #STARTUP_MILLIS} of the start (a notifier whose configuration is read a moment after the
 * detector's) first gets every event published before it came, so that what a node does as it
 * starts is told too; each event reaches each listener once.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.ipfailover.events");
    static final int CAPACITY = 1000;
    static final long STARTUP_MILLIS = 10_000;

    private final Deque<Entry> history = new ArrayDeque<>();
    private final ExecutorService delivery;
    private final Supplier<List<FailoverListener>> listeners;
    private final long startedNanos = System.nanoTime();
    /** The listeners served so far; touched on the delivery thread only. */
    private final Map<FailoverListener, Boolean> served = new WeakHashMap<>();
    private long sequence;

    private record Entry(long sequence, long publishedNanos, FailoverEvent event) {
    }

    EventLog(ExecutorService delivery, Supplier<List<FailoverListener>> listeners) {
        this.delivery = delivery;
        this.listeners = listeners;
    }

    void publish(FailoverEvent event) {
        Entry entry;
        synchronized (history) {
            if (history.size() == CAPACITY) {
                history.removeFirst();
            }
            entry = new Entry(++sequence, System.nanoTime(), event);
            history.addLast(entry);
        }
        log(event);
        submit(() -> deliver(entry));
    }

    /** A listener may have come: let it catch up with what happened since the start. */
    void listenersChanged() {
        submit(() -> {
            long last;
            synchronized (history) {
                last = sequence;
            }
            for (FailoverListener listener : listeners.get()) {
                catchUp(listener, last + 1);
            }
        });
    }

    List<FailoverEvent> latest(int count) {
        synchronized (history) {
            List<FailoverEvent> all = new ArrayList<>(history.size());
            history.forEach(entry -> all.add(entry.event()));
            return all.subList(Math.max(0, all.size() - count), all.size());
        }
    }

    private void submit(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Event not delivered, the detector is stopping");
        }
    }

    private void deliver(Entry entry) {
        for (FailoverListener listener : listeners.get()) {
            catchUp(listener, entry.sequence());
            deliver(listener, entry.event());
        }
    }

    /** A listener met for the first time gets the start-up events published before {@code before}. */
    private void catchUp(FailoverListener listener, long before) {
        if (served.put(listener, Boolean.TRUE) != null
                || System.nanoTime() - startedNanos > TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS)) {
            return;
        }
        List<Entry> missed = new ArrayList<>();
        synchronized (history) {
            for (Entry entry : history) {
                if (entry.sequence() < before && entry.publishedNanos() - startedNanos <= TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS)) {
                    missed.add(entry);
                }
            }
        }
        missed.forEach(entry -> deliver(listener, entry.event()));
    }

    private static void deliver(FailoverListener listener, FailoverEvent event) {
        try {
            listener.failoverEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Listener {} failed on {} {}: {}", listener.getClass().getName(), event.type(), event.group(), e.toString());
        }
    }

    private static void log(FailoverEvent event) {
        String subject = event.group() != null ? "group " + event.group()
                : event.peer() != null ? "peer " + event.peer() : "node " + event.node();
        String change = event.from() != null && event.to() != null && event.from() != event.to()
                ? " " + event.from() + " -> " + event.to() : "";
        switch (event.type()) {
            case TAKEOVER_FAILED, TEST_VETO, ACTION_FAILED, ANOMALY, PEER_LOST, ALARM, NOT_DECIDING ->
                    LOG.warn("{} {}{}: {}", event.type(), subject, change, event.reason());
            default -> LOG.info("{} {}{}: {}", event.type(), subject, change, event.reason());
        }
    }
}
