package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an announcement command a number of times, some milliseconds apart: the first at once,
 * the others later, so that a failover does not wait for them. Cancelling an address's
 * announcements (when it is released) stops those still to come; a new announcement of an
 * address replaces the repeats of the previous one.
 */
final class Announcer {
    /**
     * How long the first send is waited for. A command that cannot send (no such interface, an
     * address the interface lacks) fails within milliseconds; arping, once sending, lingers a second.
     */
    static final Duration FIRST_SEND_GRACE = Duration.ofMillis(50);
    /** The longest wait between two sends of an address none of whose announcements went out yet. */
    static final Duration RETRY_CAP = Duration.ofSeconds(5);
    /** How long such sends go on: an interface down for longer is announced again by a later takeover or re-announcement. */
    static final Duration RETRY_FOR = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    /** Starts a command; {@link CommandRunner#start} in the node. */
    @FunctionalInterface
    interface Runs {
        CompletableFuture<CommandResult> start(List<String> command) throws BackendException;
    }

    /** Sends one announcement of an address: a command, or frames from this process. */
    @FunctionalInterface
    interface Send {
        CompletableFuture<CommandResult> start() throws BackendException;
    }

    private final Runs runs;
    private final ScheduledExecutorService scheduler;
    private final int count;
    private final Duration interval;
    private final Duration firstSendGrace;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    Announcer(CommandRunner runner, ScheduledExecutorService scheduler, int count, Duration interval) {
        this(runner::start, scheduler, count, interval, FIRST_SEND_GRACE);
    }

    Announcer(Runs runs, ScheduledExecutorService scheduler, int count, Duration interval) {
        this(runs, scheduler, count, interval, FIRST_SEND_GRACE);
    }

    Announcer(CommandRunner runner, ScheduledExecutorService scheduler, int count, Duration interval, Duration firstSendGrace) {
        this(runner::start, scheduler, count, interval, firstSendGrace);
    }

    /** For sends that are not commands ({@link #announce(Vip, Send)} only). */
    Announcer(ScheduledExecutorService scheduler, int count, Duration interval) {
        this(command -> {
            throw new BackendException("this announcer runs no command: " + command);
        }, scheduler, count, interval, FIRST_SEND_GRACE);
    }

    Announcer(Runs runs, ScheduledExecutorService scheduler, int count, Duration interval, Duration firstSendGrace) {
        this.runs = runs;
        this.scheduler = scheduler;
        this.count = count;
        this.interval = interval;
        this.firstSendGrace = firstSendGrace;
    }

    /**
     * Sends the first announcement and schedules the others. Until one of them succeeds (the
     * interface was down, say, while the address was added), failed ones are sent again with a
     * growing delay, up to {@link #RETRY_CAP}, until one does or the address is released (for
     * {@link #RETRY_FOR} at most): a holder whose neighbours never heard of its address would be
     * unreachable until their caches expire.
     *
     * @throws BackendException when the first send fails at once, unless the address was released meanwhile
     */
    void announce(Vip vip, List<String> command) throws BackendException {
        announce(vip, () -> runs.start(command));
    }

    /** Like {@link #announce(Vip, List)}, each send made by {@code send}. */
    void announce(Vip vip, Send send) throws BackendException {
        Series current = new Series(vip, send);
        Series previous = series.put(key(vip), current);
        if (previous != null) {
            previous.cancel();
        }
        CompletableFuture<CommandResult> first = current.send();
        if (first == null) {
            return;
        }
        BackendException failed = null;
        try {
            CommandResult result = first.get(firstSendGrace.toMillis(), TimeUnit.MILLISECONDS);
            current.ended(result, false);
            if (!result.succeeded() && !current.cancelled()) {
                failed = result.failure();
            }
        } catch (TimeoutException stillSending) {
            first.thenAccept(result -> current.ended(result, true));
        } catch (ExecutionException e) {
            current.ended(null, false);
            failed = new BackendException("announcing " + vip + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while announcing " + vip, e);
        }
        for (int i = 1; i < count; i++) {
            if (!current.schedule(current, interval.toMillis() * i)) {
                break;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Stops the announcements of the address still to come; one already sending ends without a warning. */
    void cancel(Vip vip) {
        Series cancelled = series.remove(key(vip));
        if (cancelled != null) {
            cancelled.cancel();
        }
    }

    private static void sendAgain(Series current) {
        try {
            CompletableFuture<CommandResult> sending = current.send();
            if (sending != null) {
                sending.thenAccept(result -> current.ended(result, true));
            }
        } catch (BackendException e) {
            LOG.warn("Announcing {} again failed: {}", current.vip, e.getMessage());
            current.ended(null, false);
        }
    }

    private static String key(Vip vip) {
        return vip.device() + " " + vip.address().getHostAddress();
    }

    /**
     * The announcements of one address from one call of announce; kept until cancelled or replaced,
     * so that a late failure knows. Once every planned send has ended without one succeeding, it
     * sends again after a delay that doubles up to {@link #RETRY_CAP}, for {@link #RETRY_FOR} at most.
     * Runs as its own next send (not a lambda, which would be made at a node's first takeover).
     */
    private final class Series implements Runnable {
        private final Vip vip;
        private final Send send;
        private final List<Future<?>> scheduled = new ArrayList<>();
        private boolean cancelled;
        private boolean succeeded;
        private int ended;
        private long retryMillis;
        private final long startedNanos = System.nanoTime();

        Series(Vip vip, Send send) {
            this.vip = vip;
            this.send = send;
            this.retryMillis = Math.max(interval.toMillis(), 1);
        }

        /** @return the send under way, or null when cancelled; a cancel waits until a send has started */
        synchronized CompletableFuture<CommandResult> send() throws BackendException {
            return cancelled ? null : send.start();
        }

        /** The next send, as scheduled. */
        @Override
        public void run() {
            sendAgain(this);
        }

        synchronized boolean schedule(Runnable send, long delayMillis) {
            if (cancelled) {
                return false;
            }
            try {
                scheduled.add(scheduler.schedule(send, delayMillis, TimeUnit.MILLISECONDS));
                return true;
            } catch (RejectedExecutionException stopping) {
                return false;
            }
        }

        synchronized void cancel() {
            cancelled = true;
            scheduled.forEach(future -> future.cancel(false));
            scheduled.clear();
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        /** @param result how a send ended, null when it could not start; @param warn whether a failure is told here */
        void ended(CommandResult result, boolean warn) {
            boolean ok = result != null && result.succeeded();
            long retryIn;
            boolean planned;
            synchronized (this) {
                ended++;
                planned = ended <= count;
                succeeded |= ok;
                if (ok || cancelled || succeeded || ended < count) {
                    retryIn = -1;
                } else if (System.nanoTime() - startedNanos > RETRY_FOR.toNanos()) {
                    retryIn = -2;
                } else {
                    retryIn = retryMillis;
                    retryMillis = Math.min(retryMillis * 2, RETRY_CAP.toMillis());
                }
            }
            if (!ok && result != null && warn) {
                if (cancelled() || !planned) {
                    LOG.debug("Announcing {} failed {}: {}", vip, planned ? "after it was released or announced anew" : "again",
                            result.failure().getMessage());
                } else {
                    LOG.warn("Announcing {} failed: {}", vip, result.failure().getMessage());
                }
            }
            if (retryIn == -2) {
                LOG.warn("No announcement of {} went out in {} s: no more until it is announced again", vip, RETRY_FOR.toSeconds());
            }
            if (retryIn >= 0 && schedule(this, retryIn)) {
                LOG.debug("No announcement of {} went out yet: sending again in {} ms", vip, retryIn);
            }
        }
    }
}
