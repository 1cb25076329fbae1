package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;

/** What a link watch told, in order, each with the time it was told. */
final class LinkEvents implements LinkListener {
    /**
     * @param nanos {@link System#nanoTime} when it was told
     * @param state the state told, or null for an interruption
     * @param interruption why the watch was interrupted, or null for a state
     */
    record Event(long nanos, LinkState state, String interruption) {
        boolean isState(String device) {
            return state != null && state.device().equals(device);
        }
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void linkChanged(LinkState state) {
        events.add(new Event(System.nanoTime(), state, null));
    }

    @Override
    public synchronized void watchInterrupted(String reason) {
        events.add(new Event(System.nanoTime(), null, reason));
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    synchronized int size() {
        return events.size();
    }

    /** @return the first state of {@code device} told at or after position {@code from} that is {@code wanted}, once told */
    Event awaitState(String what, int from, String device, Predicate<LinkState> wanted) throws InterruptedException {
        return awaitEvent(device + " " + what, from, event -> event.isState(device) && wanted.test(event.state()));
    }

    /** @return the first interruption told at or after position {@code from}, once told */
    Event awaitInterruption(int from) throws InterruptedException {
        return awaitEvent("an interruption", from, event -> event.interruption() != null);
    }

    /** @return the position of an event in what was told */
    synchronized int indexOf(Event event) {
        return events.indexOf(event);
    }

    private Event awaitEvent(String what, int from, Predicate<Event> wanted) throws InterruptedException {
        List<Event> told = awaitValue(what + " to be told", this::all, seen -> seen.stream().skip(from).anyMatch(wanted));
        return told.stream().skip(from).filter(wanted).findFirst().orElseThrow();
    }

    @Override
    public synchronized String toString() {
        return events.toString();
    }
}
