package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * the others later, so that a failover does not wait for them.
 */
final class Announcer {
    /**
     * How long the first send is waited for. A command that cannot send (no such interface, an
     * address the interface lacks) fails within milliseconds; arping, once sending, lingers a second.
     */
    static final Duration FIRST_SEND_GRACE = Duration.ofMillis(50);
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final CommandRunner runner;
    private final ScheduledExecutorService scheduler;
    private final int count;
    private final Duration interval;
    private final Duration firstSendGrace;

    Announcer(CommandRunner runner, ScheduledExecutorService scheduler, int count, Duration interval) {
        this(runner, scheduler, count, interval, FIRST_SEND_GRACE);
    }

    Announcer(CommandRunner runner, ScheduledExecutorService scheduler, int count, Duration interval, Duration firstSendGrace) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.count = count;
        this.interval = interval;
        this.firstSendGrace = firstSendGrace;
    }

    /** @throws BackendException when the first send fails at once */
    void announce(Vip vip, List<String> command) throws BackendException {
        CompletableFuture<CommandResult> first = runner.start(command);
        try {
            first.get(firstSendGrace.toMillis(), TimeUnit.MILLISECONDS).orThrow();
        } catch (TimeoutException stillSending) {
            first.thenAccept(result -> logFailure(vip, result));
        } catch (ExecutionException e) {
            throw new BackendException("announcing " + vip + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while announcing " + vip, e);
        }
        for (int i = 1; i < count; i++) {
            try {
                scheduler.schedule(() -> sendAgain(vip, command), interval.toMillis() * i, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                return;
            }
        }
    }

    private void sendAgain(Vip vip, List<String> command) {
        try {
            runner.start(command).thenAccept(result -> logFailure(vip, result));
        } catch (BackendException e) {
            LOG.warn("Announcing {} again failed: {}", vip, e.getMessage());
        }
    }

    private static void logFailure(Vip vip, CommandResult result) {
        if (!result.succeeded()) {
            LOG.warn("Announcing {} failed: {}", vip, result.failure().getMessage());
        }
    }
}
