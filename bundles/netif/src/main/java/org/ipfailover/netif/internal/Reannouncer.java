package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend as the node sees it: it remembers the addresses it added and, when asked to,
 * announces again those that are still there, every so often, for switches and hosts that forget.
 */
final class Reannouncer implements NetworkBackend {
    private static final Logger LOG = LoggerFactory.getLogger(Reannouncer.class);

    private final NetworkBackend backend;
    private final Set<Vip> acquired = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> schedule;
    /** A release waits for a re-announcement under way, so that none follows it. */
    private final Object announcing = new Object();

    /**
     * @param period time between re-announcements; zero for never
     * @param acquiredBefore what a previous instance added, when this one replaces it
     */
    Reannouncer(NetworkBackend backend, Duration period, ScheduledExecutorService scheduler, Set<Vip> acquiredBefore) {
        this.backend = backend;
        acquired.addAll(acquiredBefore);
        schedule = period.isZero() ? null
                : scheduler.scheduleWithFixedDelay(this::reannounce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    NetworkBackend backend() {
        return backend;
    }

    Set<Vip> acquired() {
        return Set.copyOf(acquired);
    }

    void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        backend.acquire(vip);
        acquired.add(vip);
    }

    @Override
    public void release(Vip vip) throws BackendException {
        boolean held;
        synchronized (announcing) {
            held = acquired.remove(vip);
        }
        try {
            backend.release(vip);
        } catch (BackendException | RuntimeException e) {
            if (held) {
                acquired.add(vip);
            }
            throw e;
        }
    }

    @Override
    public void announce(Vip vip) throws BackendException {
        backend.announce(vip);
    }

    @Override
    public Set<Vip> held(String device) throws BackendException {
        return backend.held(device);
    }

    @Override
    public boolean hasInterface(String device) throws BackendException {
        return backend.hasInterface(device);
    }

    @Override
    public LinkWatch watchLinks(LinkListener listener) throws BackendException {
        return backend.watchLinks(listener);
    }

    void reannounce() {
        Map<String, Set<Vip>> byDevice = acquired.stream().collect(Collectors.groupingBy(Vip::device, Collectors.toSet()));
        byDevice.forEach((device, vips) -> {
            Set<Object> there;
            try {
                there = backend.held(device).stream().map(Vip::address).collect(Collectors.toSet());
            } catch (BackendException | RuntimeException e) {
                LOG.warn("Re-announcing the addresses of {}: {}", device, e.getMessage());
                return;
            }
            for (Vip vip : vips) {
                if (!there.contains(vip.address())) {
                    LOG.debug("{} is not configured now; not re-announced", vip);
                    continue;
                }
                reannounce(vip);
            }
        });
    }

    private void reannounce(Vip vip) {
        synchronized (announcing) {
            if (!acquired.contains(vip)) {
                return;
            }
            try {
                backend.announce(vip);
            } catch (BackendException | RuntimeException e) {
                LOG.warn("Re-announcing {} failed: {}", vip, e.getMessage());
            }
        }
    }
}
