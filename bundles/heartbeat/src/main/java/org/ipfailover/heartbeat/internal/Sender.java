package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.config.NetworkDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a beat on every network every interval, on a fixed schedule that does not drift (a peer's
 * dead time counts whole intervals), and an extra one on every network as soon as the node's status
 * changes. Extra beats go at once up to {@link #EXTRA_BURST} in a row (a release, then the state
 * after it, must not wait on each other: the peer acquires on receipt), then one per
 * {@link #EXTRA_REFILL_NANOS}, however fast things change. A beat is as many datagrams (parts) as
 * its announcements need, each with its own sequence number. Every round's outcome goes to the
 * health. Runs on the single sender thread, which owns the codec.
 */
final class Sender {
    /** How many extra beats may go at once, one after the other. */
    static final int EXTRA_BURST = 4;
    /** How often one more extra beat may go once a burst is spent. */
    static final long EXTRA_REFILL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A round that has not ended for this long (and three intervals) is stuck. */
    static final long STUCK_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final HeartbeatSettings settings;
    private final Map<String, HeartbeatSocket> socketOfNetwork;
    private final NodeStatus status;
    private final BootSequence boot;
    private final HeartbeatCodec codec;
    private final SentBeats sent;
    private final PartPlanner planner;
    private final Counters counters;
    private final LogThrottle throttle;
    private final ScheduledExecutorService thread;
    private final Consumer<HeartbeatHealth> health;
    private final AtomicBoolean extraPending = new AtomicBoolean();
    private final Object reporting = new Object();
    private final ExtraBeatAllowance allowance = new ExtraBeatAllowance(EXTRA_BURST, EXTRA_REFILL_NANOS, System.nanoTime());
    private volatile boolean stopped;
    /** Guarded by {@link #reporting}, like {@code stuck}. */
    private long lastRoundNanos = System.nanoTime();
    private boolean stuck;
    private ScheduledFuture<?> regular;
    /** When the next regular beat is due; sender thread only. */
    private long regularDueNanos;
    private String planProblem;

    Sender(HeartbeatSettings settings, Map<String, HeartbeatSocket> socketOfNetwork, SentBeats sent, HeartbeatContext context) {
        this.sent = sent;
        this.settings = settings;
        this.socketOfNetwork = Map.copyOf(socketOfNetwork);
        this.status = context.status();
        this.boot = context.boot();
        this.codec = new HeartbeatCodec(settings.key());
        int longestNetwork = settings.networks().stream()
                .mapToInt(n -> n.name().getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
        this.planner = new PartPlanner(HeartbeatCodec.emptyDatagram(
                settings.nodeId().getBytes(StandardCharsets.UTF_8).length, longestNetwork));
        this.counters = context.counters();
        this.throttle = context.throttle();
        this.thread = context.senderThread();
        this.health = context.health();
    }

    void start() {
        regularDueNanos = System.nanoTime();
        scheduleRegular(0);
    }

    /**
     * Each regular beat is due one interval after the one before was due, not after it ended, so
     * that beats do not drift later; after a pause of the process the missed ones are skipped, not
     * sent in a burst.
     */
    private void regularBeat() {
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis());
        try {
            beat();
        } finally {
            long now = System.nanoTime();
            regularDueNanos += interval;
            if (now - regularDueNanos > interval) {
                regularDueNanos = now;
            }
            scheduleRegular(Math.max(0, regularDueNanos - now));
        }
    }

    private void scheduleRegular(long delayNanos) {
        synchronized (reporting) {
            if (stopped) {
                return;
            }
            try {
                regular = thread.schedule(this::regularBeat, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("Heartbeat sender stopped: no further beat");
            }
        }
    }

    void statusChanged() {
        if (stopped || !extraPending.compareAndSet(false, true)) {
            return;
        }
        long wait = allowance.waitNanos(System.nanoTime());
        try {
            thread.schedule(this::extraBeat, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            extraPending.set(false);
        }
    }

    /** From its return on, this sender sends nothing more and reports no health. */
    void stop() {
        synchronized (reporting) {
            stopped = true;
            if (regular != null) {
                regular.cancel(false);
            }
        }
    }

    private void extraBeat() {
        // cleared before reading the status: a change from now on schedules the next extra beat
        extraPending.set(false);
        allowance.take(System.nanoTime());
        beat();
    }

    /** Never throws: an exception would cancel the periodic task for good. */
    private void beat() {
        if (stopped) {
            return;
        }
        List<String> sentOn = new ArrayList<>(settings.networks().size());
        String problem = "";
        try {
            List<List<GroupAnnouncement>> parts = plan(status.announcements());
            QuorumFlags quorum = status.quorum();
            for (NetworkDefinition network : settings.networks()) {
                String failure = send(network, parts, quorum, sentOn);
                if (failure != null && problem.isEmpty()) {
                    problem = failure;
                }
            }
        } catch (IllegalArgumentException e) {
            problem = "node " + settings.nodeId() + " cannot announce its groups: " + e.getMessage();
            if (!problem.equals(planProblem)) {
                LOG.error("Heartbeat sends nothing: {}", problem);
            }
            planProblem = problem;
        } catch (RuntimeException e) {
            problem = "no beat sent: " + e;
            if (throttle.due("beat", System.nanoTime()) > 0) {
                LOG.error("Heartbeat of node {}: no beat sent", settings.nodeId(), e);
            }
        }
        synchronized (reporting) {
            lastRoundNanos = System.nanoTime();
            report(new HeartbeatHealth(!sentOn.isEmpty(), sentOn, problem));
        }
    }

    /**
     * Called from another thread: a round that does not end (the node status or a send hangs)
     * reports nothing, so this reports the heartbeat silent once no round ended for a while.
     */
    void checkStuck(long nowNanos) {
        long stuckMillis = Math.max(STUCK_MILLIS, 3L * settings.intervalMillis());
        synchronized (reporting) {
            if (nowNanos - lastRoundNanos <= TimeUnit.MILLISECONDS.toNanos(stuckMillis)) {
                stuck = false;
                return;
            }
            String problem = "the heartbeat of node " + settings.nodeId() + " sent no beat for over " + stuckMillis
                    + " ms: its sender thread is stuck";
            if (!stuck && !stopped) {
                LOG.error("{} (a thread dump shows where: thread ipfailover-heartbeat-send)", problem);
            }
            stuck = true;
            report(HeartbeatHealth.silent(problem));
        }
    }

    private List<List<GroupAnnouncement>> plan(List<GroupAnnouncement> groups) {
        List<List<GroupAnnouncement>> parts = planner.plan(groups);
        planProblem = null;
        return parts;
    }

    private void report(HeartbeatHealth outcome) {
        synchronized (reporting) {
            if (!stopped) {
                health.accept(outcome);
            }
        }
    }

    /**
     * Sends every part to every destination of the network, and adds the network to {@code sentOn}
     * when every part reached at least one of them.
     *
     * @return null when nothing failed, else the first failure
     */
    private String send(NetworkDefinition network, List<List<GroupAnnouncement>> parts, QuorumFlags quorum, List<String> sentOn) {
        String failure = null;
        boolean everyPart = true;
        for (int part = 0; part < parts.size(); part++) {
            Beat beat = new Beat(settings.nodeId(), boot.bootId(), boot.next(), network.name(), settings.intervalMillis(),
                    parts.get(part), null, 0, quorum);
            ByteBuffer datagram;
            try {
                datagram = codec.encode(beat, part, parts.size());
            } catch (IllegalArgumentException e) {
                counters.sendFailed(network.name());
                if (throttle.due("encode " + network.name(), System.nanoTime()) > 0) {
                    LOG.error("Heartbeat on network {}: cannot encode the beat: {}", network.name(), e.getMessage());
                }
                return "cannot encode the beat for network " + network.name() + ": " + e.getMessage();
            }
            sent.sending(network.name(), datagram);
            int reached = 0;
            for (InetSocketAddress destination : network.destinations()) {
                String sendFailure = send(network, datagram, destination);
                if (sendFailure == null) {
                    reached++;
                } else if (failure == null) {
                    failure = sendFailure;
                }
            }
            everyPart &= reached > 0;
        }
        if (everyPart) {
            sentOn.add(network.name());
        }
        return failure;
    }

    private String send(NetworkDefinition network, ByteBuffer datagram, InetSocketAddress destination) {
        HeartbeatSocket socket = socketOfNetwork.get(network.name());
        try {
            socket.send(datagram, destination);
            counters.sent(network.name());
            return null;
        } catch (IOException e) {
            if (stopped || !socket.isOpen()) {
                return "sending on " + network.name() + " stopped";
            }
            counters.sendFailed(network.name());
            long failures = throttle.due("send " + destination, System.nanoTime());
            if (failures > 0) {
                LOG.warn("Heartbeat on network {}: sending to {} failed: {} ({} failures since the last line)",
                        network.name(), destination, e.toString(), failures);
            }
            return "sending on " + network.name() + " to " + destination.getAddress().getHostAddress() + ":"
                    + destination.getPort() + " failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }
}
