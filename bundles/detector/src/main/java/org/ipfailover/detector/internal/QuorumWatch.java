package org.ipfailover.detector.internal;

import java.time.Instant;
import java.util.ArrayList;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.detector.internal.GroupStateMachine.LeaseHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node reaches the quorum, and what its holders do when it does not
 * ({@code onQuorumLoss}): under {@code release} they release; under {@code keep} they keep their
 * groups only while the quorum is lost everywhere as far as this node can tell (a live peer is
 * heard, and every live peer says in its beats that it reaches no quorum either), and release as
 * soon as that no longer holds. Tells the events, and what the beats say ({@link QuorumFlags}).
 * Decision thread only, but for {@link #flags()} and {@link #shown()}.
 */
final class QuorumWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    private static final String STILL_REACHES = " still reaches the quorum (it may be granted the lease)";

    private final DetectorSettings settings;
    private final DecisionThread thread;
    private final GroupTable table;
    private final PeerTable peers;
    private final EventPublisher publisher;
    private final Runnable announcementsChanged;
    private final LeaseKeeper leases;
    private StepRunner steps;
    private GroupDecisions decisions;
    private GroupLease service;
    private AutoCloseable watch;
    /** As last told; null before the first answer. */
    private QuorumStatus quorum;
    /** Until when (Clock nanos) a peer's beats may still say it reaches the quorum this node lost. */
    private long settleUntil;
    /** Whether the groups are kept only while the peers' flags settle (said once in the log). */
    private boolean settling;
    private volatile QuorumFlags flags = QuorumFlags.NONE;
    /** Whether this node, without a quorum, waits because a peer uses one (said once in the log). */
    private boolean waitingForOwnQuorum;
    private volatile QuorumStatus shown;

    QuorumWatch(DetectorSettings settings, DecisionThread thread, GroupTable table, PeerTable peers, EventPublisher publisher,
            Runnable announcementsChanged, LeaseKeeper leases) {
        this.settings = settings;
        this.thread = thread;
        this.table = table;
        this.peers = peers;
        this.publisher = publisher;
        this.announcementsChanged = announcementsChanged;
        this.leases = leases;
        this.settleUntil = Clock.nanos();
    }

    void wire(StepRunner steps, GroupDecisions decisions) {
        this.steps = steps;
        this.decisions = decisions;
    }

    /** What this node's beats say of its quorum; any thread. */
    QuorumFlags flags() {
        return flags;
    }

    /** The quorum as last told ("not known yet" before its first answer), or null without one; any thread. */
    QuorumStatus shown() {
        return shown;
    }

    /**
     * Whether this node may take groups over as far as the quorum goes: it is reached, or none is
     * used here nor by any peer. A node whose peers use a quorum while it has none (yet: its quorum
     * bundle starts after the detector, or is not configured here) takes nothing over, or it could
     * take a group without a lease that a peer it does not hear holds.
     */
    boolean mayTakeOver() {
        if (service != null) {
            return quorum != null && quorum.reachable();
        }
        String peer = peers.usingQuorum();
        if (peer != null && !waitingForOwnQuorum) {
            LOG.warn("Peer {} uses a quorum and this node has none (yet): it takes nothing over until its own is there "
                    + "(quorum-zookeeper installed and configured here too?)", peer);
        } else if (peer == null && waitingForOwnQuorum) {
            LOG.info("No peer uses a quorum any more: this node takes groups over without one again");
        }
        waitingForOwnQuorum = peer != null;
        return peer == null;
    }

    /** Watches the quorum of the service given; null: none is used any more. */
    void watch(GroupLease next) {
        close();
        service = next;
        quorum = null;
        if (next == null) {
            shown = null;
            flags(QuorumFlags.NONE);
            return;
        }
        waitingForOwnQuorum = false;
        shown = new QuorumStatus(false, Instant.now(), "not known yet");
        flags(new QuorumFlags(true, false));
        try {
            watch = next.watchQuorum(status -> thread.decide(() -> changed(next, status)));
        } catch (RuntimeException e) {
            LOG.error("Quorum {} cannot be watched: {}; this node takes nothing over", next.name(), e.toString());
        }
    }

    void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.warn("Closing the quorum watch failed: {}", e.toString());
            }
            watch = null;
        }
    }

    /**
     * A holder's lease is lost: whether it may keep the group.
     *
     * @return null when it keeps it (the quorum is lost everywhere and the policy is keep); empty when
     *         this node reaches the quorum (the lease alone is lost); else why it may not keep it
     */
    String keepRefused() {
        if (quorumReachedNow()) {
            return "";
        }
        return settings.releaseOnQuorumLoss() ? "the policy is onQuorumLoss = release" : keepUnsafeNow();
    }

    /**
     * Groups kept without their lease are released as soon as keeping is no longer safe: a peer
     * reaches the quorum, or no peer is heard. Called with every decision round.
     */
    void review() {
        if (service == null || quorum == null || quorum.reachable()) {
            return;
        }
        String unsafe = null;
        for (GroupStateMachine machine : table.all()) {
            if (machine.lease() == LeaseHold.KEPT && machine.state() == GroupState.UP) {
                if (unsafe == null) {
                    unsafe = keepUnsafeNow();
                    if (unsafe == null) {
                        return;
                    }
                }
                machine.lease(LeaseHold.LOST, Clock.millis());
                steps.apply(machine, machine.leaseLost("the quorum is lost and " + unsafe, Clock.millis()));
            }
        }
    }

    private boolean quorumReachedNow() {
        try {
            return service.quorum().reachable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void changed(GroupLease from, QuorumStatus status) {
        if (from != service || status == null) {
            return;
        }
        boolean was = quorum != null && quorum.reachable();
        boolean first = quorum == null;
        quorum = status;
        if (!status.reachable() && (was || first)) {
            settleUntil = Clock.nanos() + settleMillis() * 1_000_000L;
            settling = false;
        }
        shown = status;
        flags(new QuorumFlags(true, status.reachable()));
        if (status.reachable() && !was) {
            if (!first) {
                LOG.info("Quorum {} reached again: {}", service.name(), status.detail());
                publisher.node(Type.QUORUM_REGAINED, service.name() + ": " + status.detail());
            }
            leases.askAgainForKept();
            decisions.decideAll();
        } else if (!status.reachable() && (was || first)) {
            LOG.warn("Quorum {} not reached: {}; taking nothing new", service.name(), status.detail());
            publisher.node(Type.QUORUM_LOST, service.name() + ": " + status.detail());
            steps.abandonTests("the quorum is not reached (" + status.detail() + ")");
            holdersLoseQuorum();
        }
    }

    /** The quorum is lost: under release every holder releases; under keep those that may not keep it. */
    private void holdersLoseQuorum() {
        String unsafe = settings.releaseOnQuorumLoss() ? "the policy is onQuorumLoss = release" : keepUnsafeNow();
        for (GroupStateMachine machine : new ArrayList<>(table.all())) {
            if (machine.state() != GroupState.UP || machine.lease() == LeaseHold.NONE) {
                continue;
            }
            if (unsafe == null) {
                machine.lease(LeaseHold.KEPT, Clock.millis());
                LOG.warn("Group {}: the quorum is lost and every live peer reaches no quorum either: keeping the group "
                        + "(onQuorumLoss = keep)", machine.settings().name());
            } else {
                machine.lease(LeaseHold.LOST, Clock.millis());
                steps.apply(machine, machine.leaseLost("the quorum is lost and " + unsafe, Clock.millis()));
            }
        }
    }

    /**
     * {@link #keepUnsafe()}, but in the first two dead times after this node lost the quorum a peer
     * that still says it reaches it is given time to say otherwise: the nodes lose an ensemble that
     * went away each at its own moment (the quorum bundle's grace, docs/running.md), and their beats
     * carry it an interval later. Meanwhile the groups are kept; the session of this node outlives
     * that by far (docs/detector.md, "Timing").
     *
     * @return why keeping is not safe, or null when it is, or is while the peers' flags settle
     */
    private String keepUnsafeNow() {
        String unsafe = keepUnsafe();
        if (unsafe == null || !unsafe.endsWith(STILL_REACHES)) {
            settling = false;
            return unsafe;
        }
        if (Clock.nanos() - settleUntil >= 0) {
            long waited = settleMillis();
            return waited == 0 ? unsafe : unsafe + " (waited " + waited + " ms for its beats to say otherwise)";
        }
        if (!settling) {
            settling = true;
            LOG.warn("Quorum {}: {}: keeping the groups for up to {} ms while its beats catch up (onQuorumLoss = keep)", service.name(),
                    unsafe, settleMillis());
        }
        return null;
    }

    /**
     * Two dead times, but at most a sixth of the time the quorum keeps a lost holder's lease: this
     * node learns of its loss with about a third of that left (docs/running.md), and must have
     * released before a peer can be granted it. Nothing when that time is not known.
     */
    private long settleMillis() {
        long expiry = leases.holderExpiryMillis();
        return expiry <= 0 ? 0 : Math.min(2 * settings.deadMillis(), expiry / 6);
    }

    /**
     * @return why keeping a group without the quorum is not safe, or null when it is: every peer is
     *         heard, and every one says it uses a quorum and does not reach it
     */
    private String keepUnsafe() {
        long now = Clock.nanos();
        int heard = 0;
        for (String node : table.peerNodes()) {
            if (!peers.alive(node, now)) {
                // with three nodes or more, the one not heard may be the one that reaches the quorum and gets the lease
                return node + " is not heard (it may reach the quorum and be granted the lease)";
            }
            heard++;
            QuorumFlags theirs = peers.quorum(node);
            if (!theirs.used()) {
                return node + " is heard and uses no quorum";
            }
            if (theirs.reached()) {
                return node + STILL_REACHES;
            }
        }
        return heard == 0 ? "no peer is heard (this node may be in a minority)" : null;
    }

    private void flags(QuorumFlags next) {
        if (!next.equals(flags)) {
            flags = next;
            announcementsChanged.run();
        }
    }
}
