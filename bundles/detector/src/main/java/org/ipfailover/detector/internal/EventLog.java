package org.ipfailover.detector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * that a slow listener never delays a decision or a pipeline. Events of the first
 * {@link #STARTUP_MILLIS} that no listener heard (a notifier's configuration is read a moment
 * after the detector's) are delivered to the listeners as soon as there are some, so that what a
 * node does as it starts is told too; an event that some listener heard is never delivered again.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.ipfailover.events");
    static final int CAPACITY = 1000;
    static final long STARTUP_MILLIS = 10_000;

    private final Deque<Entry> history = new ArrayDeque<>();
    private final ExecutorService delivery;
    private final Supplier<List<FailoverListener>> listeners;
    private final long startedNanos = System.nanoTime();
    private long sequence;
    /** The last event handed to the listeners there were (delivery thread only). */
    private long handled;

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

    /** A listener may have come: it hears what happened at the start that nobody heard. */
    void listenersChanged() {
        submit(() -> {
            long last;
            synchronized (history) {
                last = sequence;
            }
            List<FailoverListener> present = listeners.get();
            if (!present.isEmpty()) {
                catchUp(present, last + 1);
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
        List<FailoverListener> present = listeners.get();
        if (present.isEmpty()) {
            return; // kept for the first listeners, if it is an event of the start
        }
        catchUp(present, entry.sequence());
        for (FailoverListener listener : present) {
            deliver(listener, entry.event());
        }
        handled = entry.sequence();
    }

    /** Hands the listeners the events of the start published before {@code before} that nobody heard. */
    private void catchUp(List<FailoverListener> present, long before) {
        List<Entry> missed = new ArrayList<>();
        synchronized (history) {
            for (Entry entry : history) {
                if (entry.sequence() > handled && entry.sequence() < before
                        && entry.publishedNanos() - startedNanos <= TimeUnit.MILLISECONDS.toNanos(STARTUP_MILLIS)) {
                    missed.add(entry);
                }
            }
        }
        for (Entry entry : missed) {
            for (FailoverListener listener : present) {
                deliver(listener, entry.event());
            }
        }
        handled = Math.max(handled, before - 1);
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
        String reason = event.check() == null ? event.reason() : event.check() + " " + event.reason() + ": " + event.output();
        switch (event.type()) {
            case TAKEOVER_FAILED, TEST_VETO, ACTION_FAILED, ANOMALY, PEER_LOST, ALARM, NOT_DECIDING, HEALTH_FAILED, QUORUM_LOST ->
                    LOG.warn("{} {}{}: {}", event.type(), subject, change, reason);
            default -> LOG.info("{} {}{}: {}", event.type(), subject, change, reason);
        }
    }
}
