package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.config.NetworkDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one beat per network every interval, and an extra one on every network as soon as the
 * node's status changes (bursts of changes coalesced, at most one extra beat per 10 ms). Runs on
 * the single sender thread, which owns the codec.
 */
final class Sender {
    static final long MIN_EXTRA_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final HeartbeatSettings settings;
    private final Map<String, HeartbeatSocket> socketOfNetwork;
    private final NodeStatus status;
    private final BootSequence boot;
    private final HeartbeatCodec codec;
    private final Counters counters;
    private final LogThrottle throttle;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean extraPending = new AtomicBoolean();
    private volatile long lastExtraNanos = System.nanoTime() - MIN_EXTRA_GAP_NANOS;
    private volatile boolean stopped;
    private ScheduledFuture<?> regular;

    Sender(HeartbeatSettings settings, Map<String, HeartbeatSocket> socketOfNetwork, HeartbeatContext context) {
        this.settings = settings;
        this.socketOfNetwork = Map.copyOf(socketOfNetwork);
        this.status = context.status();
        this.boot = context.boot();
        this.codec = new HeartbeatCodec(settings.key());
        this.counters = context.counters();
        this.throttle = context.throttle();
        this.thread = context.senderThread();
    }

    void start() {
        regular = thread.scheduleWithFixedDelay(this::beat, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    void statusChanged() {
        if (stopped || !extraPending.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastExtraNanos + MIN_EXTRA_GAP_NANOS - System.nanoTime());
        try {
            thread.schedule(this::extraBeat, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            extraPending.set(false);
        }
    }

    void stop() {
        stopped = true;
        if (regular != null) {
            regular.cancel(false);
        }
    }

    private void extraBeat() {
        // cleared before reading the status: a change from now on schedules the next extra beat
        extraPending.set(false);
        lastExtraNanos = System.nanoTime();
        beat();
    }

    /** Never throws: an exception would cancel the periodic task for good. */
    private void beat() {
        if (stopped) {
            return;
        }
        try {
            List<GroupAnnouncement> groups = status.announcements();
            for (NetworkDefinition network : settings.networks()) {
                send(network, new Beat(settings.nodeId(), boot.bootId(), boot.next(), network.name(),
                        settings.intervalMillis(), groups, null, 0));
            }
        } catch (RuntimeException e) {
            if (throttle.due("beat", System.nanoTime()) > 0) {
                LOG.error("Heartbeat of node {}: no beat sent", settings.nodeId(), e);
            }
        }
    }

    private void send(NetworkDefinition network, Beat beat) {
        ByteBuffer datagram;
        try {
            datagram = codec.encode(beat);
        } catch (IllegalArgumentException e) {
            counters.sendFailed(network.name());
            if (throttle.due("encode " + network.name(), System.nanoTime()) > 0) {
                LOG.error("Heartbeat on network {}: cannot encode the beat: {}", network.name(), e.getMessage());
            }
            return;
        }
        HeartbeatSocket socket = socketOfNetwork.get(network.name());
        for (InetSocketAddress destination : network.destinations()) {
            try {
                socket.send(datagram, destination);
                counters.sent(network.name());
            } catch (IOException e) {
                if (stopped || !socket.isOpen()) {
                    return;
                }
                counters.sendFailed(network.name());
                long failures = throttle.due("send " + destination, System.nanoTime());
                if (failures > 0) {
                    LOG.warn("Heartbeat on network {}: sending to {} failed: {} ({} failures since the last line)",
                            network.name(), destination, e.toString(), failures);
                }
            }
        }
    }
}
