package org.ipfailover.detector.internal;

import static org.ipfailover.api.GroupState.ACQUIRING;
import static org.ipfailover.api.GroupState.DISABLED;
import static org.ipfailover.api.GroupState.FAIL;
import static org.ipfailover.api.GroupState.INIT;
import static org.ipfailover.api.GroupState.RECOVER;
import static org.ipfailover.api.GroupState.RELEASING;
import static org.ipfailover.api.GroupState.STANDBY;
import static org.ipfailover.api.GroupState.TESTING;
import static org.ipfailover.api.GroupState.UP;

import java.util.Collection;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Health;
import org.ipfailover.detector.internal.Step.Effect;

/**
 * One group on this node: the states and transitions of docs/detector.md. Pure logic, driven by one
 * thread: it is told the time, what the peers announce, how pipelines ended and what operators
 * ask, and answers with a {@link Step}; it never does anything itself.
 *
 * <p>Who takes the group: a node in STANDBY (a backup) or RECOVER (a primary that wants it)
 * acquires when no live peer holds the group and no live peer ranked above it is a candidate
 * (INIT, RECOVER, TESTING, or STANDBY as a backup), and no live peer is still starting (INIT: it
 * may resume holding the group), and no peer is heard with beats that fail authentication. A primary in STANDBY has yielded the group (after
 * {@code release}) and is no candidate until {@code recover}.
 *
 * <p>Longer than our classes usually are: the rules of one group read best in one place, each
 * transition a method and a row of {@code GroupStateMachineTest}; split, one decision would be
 * spread over several files.
 */
final class GroupStateMachine {
    private final String self;
    private GroupSettings settings;
    private int fingerprint;
    private GroupState state = INIT;
    private long since;
    private long listenUntil;
    private long retryAt;
    private long recoverHeardSince = -1;
    private boolean reclaimAnnounced;
    private boolean otherHolderSeen;
    private final java.util.Set<String> silentPeers = new java.util.HashSet<>();
    private boolean manual;
    private boolean resuming;
    private GroupState afterRelease = STANDBY;
    private String counterpart;
    private String cause = "";
    private Health health = Health.HEALTHY;
    private String healthReason = "";
    private boolean keptUnhealthySaid;
    /** What this node has of the group's lease; written on the decision thread, read by the acquire on the group's lane. */
    private volatile LeaseHold lease = LeaseHold.NONE;
    private long leaseAskedAt;
    /** The Test phase passed and the group waits in TESTING for its lease. */
    private boolean awaitingLease;

    /** Where this node stands with the group's lease ({@link LeaseKeeper}). */
    enum LeaseHold {
        /** No lease is used: no quorum, or the group is not held or being taken. */
        NONE,
        /** Asked for, not granted yet. */
        ASKED,
        /** Granted and not lost since. */
        HELD,
        /** Lost (or given up by the quorum) since it was asked for. */
        LOST,
        /** Lost with the quorum everywhere; the group kept under {@code onQuorumLoss = keep}. */
        KEPT
    }
    /** How much longer than its listen period a starting node whose checks and links have not decided stays INIT. */
    static final long PENDING_GRACE_MILLIS = 5_000;

    GroupStateMachine(String self, GroupSettings settings, long now, long listenMillis) {
        this.self = self;
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.since = now;
        this.listenUntil = now + listenMillis;
    }

    GroupState state() {
        return state;
    }

    long since() {
        return since;
    }

    GroupSettings settings() {
        return settings;
    }

    void settings(GroupSettings next) {
        settings = next;
        fingerprint = next.fingerprint();
    }

    /** {@link GroupSettings#fingerprint()}, worked out once per configuration: it goes out in every beat. */
    int fingerprint() {
        return fingerprint;
    }

    boolean primary() {
        return settings.rank(self) == 0;
    }

    Health health() {
        return health;
    }

    String healthReason() {
        return healthReason;
    }

    /**
     * This node's health for the group (its checks and tracked interfaces together).
     *
     * @return whether it changed
     */
    boolean health(Health next, String reason) {
        boolean changed = next != health || !reason.equals(healthReason);
        health = next;
        healthReason = reason;
        if (next != Health.UNHEALTHY) {
            keptUnhealthySaid = false;
        }
        return changed;
    }

    /**
     * The priority this node announces: its rank's while it is healthy for the group,
     * {@link GroupAnnouncement#NOT_ELIGIBLE} while it may not hold it, so that every node orders the
     * two the same way.
     */
    int announcedPriority() {
        return health == Health.HEALTHY ? settings.priority(self) : GroupAnnouncement.NOT_ELIGIBLE;
    }

    /** The node the group came from or goes to in the running transition, if known. */
    String counterpart() {
        return counterpart;
    }

    /**
     * Resumes from the journal and what the kernel holds. Addresses the kernel still holds after a
     * restart or a crash are kept if, once the peers have been heard, no other node holds the group;
     * if one does (it took over while this node was down), they are released first. That holds
     * whatever the journal says (missing, stale, unwritable). Administrative states (failed, a
     * yielded primary) carry over, and addresses left configured under one are removed.
     *
     * @param journaled the state the journal holds for the group, or null
     */
    Step restore(GroupState journaled, boolean addressesHeld, long now) {
        boolean administrative = keptAcrossRestart(journaled);
        if (addressesHeld && !administrative) {
            resuming = true;
            return Step.NOTHING;
        }
        if (addressesHeld) {
            return release(journaled, null, "its addresses are still configured here although the group is " + journaled
                    + " on this node: removing them", Type.STATE_CHANGED, now);
        }
        if (administrative) {
            return to(journaled, Effect.NONE, Type.STATE_CHANGED, null, "resumed " + journaled + " from the journal", now);
        }
        return Step.NOTHING;
    }

    /**
     * Whether a restart resumes the state from the journal: an administrative state (failed, a
     * primary that yielded). Every other state is worked out again from the peers and what the
     * kernel holds, whatever the journal says.
     */
    boolean keptAcrossRestart(GroupState journaled) {
        return journaled == FAIL || (journaled == STANDBY && primary());
    }

    /** Whether the addresses were found configured at start and the group waits to resume holding them. */
    boolean resuming() {
        return resuming;
    }

    LeaseHold lease() {
        return lease;
    }

    /** Told by {@link LeaseKeeper}: where this node stands with the group's lease now. */
    void lease(LeaseHold next, long now) {
        if (next == LeaseHold.ASKED && lease != LeaseHold.ASKED) {
            leaseAskedAt = now;
        }
        lease = next;
    }

    /** Whether the Test phase passed and the group waits in TESTING for its lease. */
    boolean awaitingLease() {
        return awaitingLease;
    }

    /** Whether the acquire may add the addresses as far as the lease goes: no lease is used, or it is held. */
    boolean leaseAllowsAcquire() {
        LeaseHold now = lease;
        return now == LeaseHold.NONE || now == LeaseHold.HELD;
    }

    Step evaluate(Collection<PeerView> peers, long now) {
        switch (state) {
            case INIT:
                if (!settings.enabled()) {
                    return to(DISABLED, Effect.NONE, Type.STATE_CHANGED, null, "disabled by configuration", now);
                }
                if (now < listenUntil || (health == Health.PENDING && !resuming && now < listenUntil + PENDING_GRACE_MILLIS)) {
                    return Step.NOTHING; // a node that does not know its own health yet stays INIT, which its peers wait for
                }
                if (resuming && lease == LeaseHold.ASKED && now < listenUntil + PENDING_GRACE_MILLIS) {
                    return Step.NOTHING; // its addresses are up: it stays INIT, which its peers wait for, until the lease answers
                }
                if (resuming) {
                    resuming = false;
                    PeerView holder = holder(peers);
                    if (holder != null) {
                        return release(primary() ? RECOVER : STANDBY, holder.node(), holder.node()
                                + " took the group over while this node was down: removing the addresses left configured here",
                                Type.STATE_CHANGED, now);
                    }
                    if (lease != LeaseHold.NONE && lease != LeaseHold.HELD) {
                        return release(primary() ? RECOVER : STANDBY, null, "its addresses are still configured here but this node "
                                + (lease == LeaseHold.ASKED ? "was not granted the group's lease within "
                                        + PENDING_GRACE_MILLIS / 1000 + " s" : "lost the group's lease")
                                + ": removing them", Type.STATE_CHANGED, now);
                    }
                    return to(UP, Effect.RECONCILE, Type.STATE_CHANGED, null,
                            "resumed holding the group: its addresses are still configured here and no other node holds it", now);
                }
                return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.STATE_CHANGED, null, "listened to the peers", now);
            case STANDBY:
            case RECOVER:
                return considerTakeover(peers, now);
            case UP:
                return considerKeeping(peers, now);
            case TESTING:
                return awaitingLease ? considerWaiting(peers, now) : Step.NOTHING;
            case DISABLED:
                if (settings.enabled()) {
                    return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.STATE_CHANGED, null, "enabled by configuration", now);
                }
                return Step.NOTHING;
            default:
                return Step.NOTHING;
        }
    }

    private Step considerTakeover(Collection<PeerView> peers, long now) {
        if (!settings.enabled()) {
            return to(DISABLED, Effect.NONE, Type.STATE_CHANGED, null, "disabled by configuration", now);
        }
        if (state == STANDBY && primary()) {
            return Step.NOTHING;
        }
        if (health != Health.HEALTHY || now < retryAt || holder(peers) != null || deciding(peers) || unauthenticated(peers)) {
            return Step.NOTHING;
        }
        PeerView ahead = candidateAhead(peers);
        if (ahead != null) {
            return Step.NOTHING;
        }
        manual = false;
        counterpart = null;
        return to(TESTING, Effect.TEST, Type.STATE_CHANGED, null, takeoverReason(peers), now);
    }

    /** While the group waits for its lease, the reason for the takeover may go away: then it stops waiting. */
    private Step considerWaiting(Collection<PeerView> peers, long now) {
        GroupState back = primary() ? RECOVER : STANDBY;
        String why = null;
        PeerView about = holder(peers);
        if (!settings.enabled()) {
            why = "the group is disabled by configuration";
        } else if (about != null) {
            why = about.node() + " holds the group now";
        } else if (unauthenticated(peers)) {
            why = "a peer is heard with beats that fail authentication";
        } else if (!manual && health != Health.HEALTHY) {
            why = "this node is not healthy for the group (" + healthReason + ")";
        } else if (!manual && (about = candidateAhead(peers)) != null) {
            why = about.node() + " is back and ranks higher";
        }
        if (why == null) {
            return Step.NOTHING;
        }
        return to(back, Effect.NONE, Type.STATE_CHANGED, about == null ? null : about.node(),
                "no longer waiting for the group's lease: " + why, now);
    }

    private Step considerKeeping(Collection<PeerView> peers, long now) {
        if (!settings.enabled()) {
            return release(DISABLED, null, "disabled by configuration", Type.STATE_CHANGED, now);
        }
        if (lease == LeaseHold.ASKED && now - leaseAskedAt >= PENDING_GRACE_MILLIS) {
            return release(primary() ? RECOVER : STANDBY, null, "this node holds the group's addresses but was not granted its lease "
                    + "within " + PENDING_GRACE_MILLIS / 1000 + " s: releasing it", Type.STATE_CHANGED, now);
        }
        if (holder(peers) != null) {
            otherHolderSeen = true;
        } else if (otherHolderSeen) {
            // the other holder released: clients and switches may still send to it
            otherHolderSeen = false;
            reclaimAnnounced = false;
            return new Step(UP, UP, Effect.ANNOUNCE, Type.RECLAIM, null,
                    "the other holder released the group: announcing its addresses again");
        }
        boolean conflict = false;
        for (PeerView peer : peers) {
            if (peer.alive() && (peer.announced() == UP || peer.announced() == ACQUIRING)) {
                conflict = true;
                if (ranksAbove(peer)) {
                    return release(STANDBY, peer.node(),
                            peer.node() + " holds the group too and has the higher priority: releasing it", Type.RECLAIM, now);
                }
            }
        }
        if (conflict && !reclaimAnnounced) {
            reclaimAnnounced = true;
            return new Step(UP, UP, Effect.ANNOUNCE, Type.RECLAIM, holder(peers).node(),
                    "another node holds the group too; this node has the higher priority and announces its addresses again");
        }
        reclaimAnnounced = conflict;
        if (heardAgain(peers)) {
            return new Step(UP, UP, Effect.ANNOUNCE, null, null,
                    "a peer is heard again: announcing the addresses again, since what was announced while it was cut off may not have arrived");
        }
        if (health == Health.UNHEALTHY) {
            return handOverUnhealthy(peers, now);
        }
        PeerView asking = null;
        for (PeerView peer : peers) {
            if (peer.announces(RECOVER) && peer.eligible() && ranksAbove(peer)) {
                asking = peer;
            }
        }
        if (asking == null) {
            recoverHeardSince = -1;
            return Step.NOTHING;
        }
        if (recoverHeardSince < 0) {
            recoverHeardSince = now;
        }
        if (!settings.manualFailback() && now - recoverHeardSince >= settings.failbackDelayMillis()) {
            return release(STANDBY, asking.node(), "handing the group back to " + asking.node() + ", which asks for it",
                    Type.STATE_CHANGED, now);
        }
        return Step.NOTHING;
    }

    /**
     * An unhealthy holder hands the group to the best healthy node that can take it, through the
     * ordinary release (the taker acquires once this node announces it released); with none, it
     * keeps the group: an address nobody else can serve is not dropped.
     */
    private Step handOverUnhealthy(Collection<PeerView> peers, long now) {
        recoverHeardSince = -1;
        PeerView best = null;
        for (PeerView peer : peers) {
            if (peer.alive() && peer.eligible() && (peer.announced() == STANDBY || peer.announced() == RECOVER)
                    && (best == null || peerPriority(peer) > peerPriority(best))) {
                best = peer;
            }
        }
        if (best != null) {
            return release(primary() ? RECOVER : STANDBY, best.node(), "this node is unhealthy for the group (" + healthReason
                    + "): handing it to " + best.node(), Type.STATE_CHANGED, now);
        }
        if (!keptUnhealthySaid) {
            keptUnhealthySaid = true;
            return new Step(UP, UP, Effect.NONE, null, null, "this node is unhealthy for the group (" + healthReason
                    + "), but no healthy node can take it: keeping it");
        }
        return Step.NOTHING;
    }

    /**
     * @return the next moment after {@code now} at which {@link #evaluate} may answer differently
     *         with the same peers (a listen period, a retry delay or a failback delay ending), or
     *         {@link Long#MAX_VALUE}
     */
    long nextDeadline(long now) {
        long next = Long.MAX_VALUE;
        if (state == INIT && listenUntil > now) {
            next = listenUntil;
        } else if (state == INIT && health == Health.PENDING && listenUntil + PENDING_GRACE_MILLIS > now) {
            next = listenUntil + PENDING_GRACE_MILLIS;
        }
        if (retryAt > now) {
            next = Math.min(next, retryAt);
        }
        if (state == UP && lease == LeaseHold.ASKED && leaseAskedAt + PENDING_GRACE_MILLIS > now) {
            next = Math.min(next, leaseAskedAt + PENDING_GRACE_MILLIS);
        }
        if (state == INIT && resuming && lease == LeaseHold.ASKED && listenUntil + PENDING_GRACE_MILLIS > now) {
            next = Math.min(next, listenUntil + PENDING_GRACE_MILLIS);
        }
        if (state == UP && recoverHeardSince >= 0 && !settings.manualFailback()) {
            long failback = recoverHeardSince + settings.failbackDelayMillis();
            if (failback > now) {
                next = Math.min(next, failback);
            }
        }
        return next;
    }

    /** Called when the TEST phase ended. */
    Step tested(boolean passed, String reason, Collection<PeerView> peers, long now) {
        if (state != TESTING) {
            return Step.NOTHING;
        }
        GroupState back = primary() ? RECOVER : STANDBY;
        if (!passed) {
            retryAt = now + settings.retryDelayMillis();
            return to(back, Effect.NONE, Type.TEST_VETO, null, reason, now);
        }
        Step gone = reasonGone(peers, now);
        if (gone != null) {
            return gone;
        }
        if (lease == LeaseHold.ASKED) {
            awaitingLease = true;
            return new Step(TESTING, TESTING, Effect.NONE, null, null, "tests passed: waiting for the group's lease");
        }
        if (lease == LeaseHold.LOST || lease == LeaseHold.KEPT) {
            retryAt = now + settings.retryDelayMillis();
            return to(back, Effect.NONE, Type.STATE_CHANGED, null, "tests passed, but the group's lease is lost", now);
        }
        return to(ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED, counterpart, "tests passed", now);
    }

    /** This node was granted the group's lease: a group that waited for it acquires, if it still should. */
    Step leaseGranted(Collection<PeerView> peers, long now) {
        if (state != TESTING || !awaitingLease) {
            return Step.NOTHING;
        }
        Step gone = reasonGone(peers, now);
        if (gone != null) {
            return gone;
        }
        return to(ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED, counterpart, "tests passed, lease granted", now);
    }

    /**
     * The group's lease is lost, or may be: a holder releases at once, a takeover under way is
     * given up (undone, for an acquire: the release removes whatever it added).
     */
    Step leaseLost(String reason, long now) {
        GroupState back = primary() ? RECOVER : STANDBY;
        return switch (state) {
            case UP -> release(back, null, "the group's lease is lost (" + reason + "): releasing it", Type.STATE_CHANGED, now);
            case ACQUIRING -> {
                retryAt = now + settings.retryDelayMillis();
                yield release(back, counterpart, "the group's lease is lost during the takeover (" + reason + ")",
                        Type.TAKEOVER_FAILED, now);
            }
            case TESTING -> {
                retryAt = now + settings.retryDelayMillis();
                yield to(back, Effect.NONE, Type.STATE_CHANGED, null, "takeover given up: the group's lease is lost (" + reason + ")",
                        now);
            }
            default -> Step.NOTHING;
        };
    }

    /** After a Test phase that passed: the step back to waiting when the reason for the takeover went away meanwhile, else null. */
    private Step reasonGone(Collection<PeerView> peers, long now) {
        GroupState back = primary() ? RECOVER : STANDBY;
        PeerView holder = holder(peers);
        if (holder != null) {
            return to(back, Effect.NONE, Type.STATE_CHANGED, holder.node(), holder.node() + " holds the group now", now);
        }
        if (!manual && health != Health.HEALTHY) {
            return to(back, Effect.NONE, Type.STATE_CHANGED, null, "this node is not healthy for the group (" + healthReason + ")", now);
        }
        PeerView ahead = candidateAhead(peers);
        if (!manual && ahead != null) {
            return to(back, Effect.NONE, Type.STATE_CHANGED, ahead.node(), ahead.node() + " is back and ranks higher", now);
        }
        return null;
    }

    /** Called when the acquire pipeline ended; on failure the pipeline has removed what it added. */
    Step acquired(boolean success, String reason, long now) {
        return acquired(success, false, reason, now);
    }

    /**
     * @param abandoned the takeover was given up because another node holds the group after all (a
     *        peer heard again after a blip): no failure, no retry delay
     */
    Step acquired(boolean success, boolean abandoned, String reason, long now) {
        if (state != ACQUIRING) {
            return Step.NOTHING;
        }
        if (success) {
            return to(UP, Effect.NONE, Type.TAKEOVER, counterpart, cause + ": " + reason, now);
        }
        if (abandoned) {
            return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.STATE_CHANGED, counterpart, "takeover abandoned: " + reason, now);
        }
        retryAt = now + settings.retryDelayMillis();
        return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.TAKEOVER_FAILED, counterpart, cause + ": " + reason, now);
    }

    /** A running Test phase is no longer wanted (the node stops, or cannot be heard): back to waiting. */
    Step cancelTest(String reason, long now) {
        if (state != TESTING) {
            return Step.NOTHING;
        }
        return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.STATE_CHANGED, null, reason, now);
    }

    /**
     * The group is UP but its addresses could not be put back (re-adding one failed): it is not
     * served here, so it is released for a peer to take, and tried again after the retry delay.
     */
    Step addressesLost(String reason, long now) {
        if (state != UP) {
            return Step.NOTHING;
        }
        retryAt = now + settings.retryDelayMillis();
        return release(primary() ? RECOVER : STANDBY, null, reason, Type.TAKEOVER_FAILED, now);
    }

    /**
     * A transition ran past every timeout it has: a plugin that does not return. TESTING goes back
     * to waiting, ACQUIRING is undone (the release pipeline removes whatever was added), RELEASING
     * ends FAIL (its addresses may be left: an operator must look).
     */
    Step stuck(String reason, long now) {
        return switch (state) {
            case TESTING -> {
                retryAt = now + settings.retryDelayMillis();
                yield to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.TAKEOVER_FAILED, counterpart, reason, now);
            }
            case ACQUIRING -> {
                retryAt = now + settings.retryDelayMillis();
                yield release(primary() ? RECOVER : STANDBY, counterpart, reason, Type.TAKEOVER_FAILED, now);
            }
            case RELEASING -> to(FAIL, Effect.NONE, Type.RELEASE, counterpart, reason, now);
            default -> Step.NOTHING;
        };
    }

    /** Called when the release pipeline ended. Addresses that could not be removed leave the group FAIL. */
    Step released(boolean addressesRemoved, String reason, long now) {
        if (state != RELEASING) {
            return Step.NOTHING;
        }
        if (!addressesRemoved) {
            return to(FAIL, Effect.NONE, Type.RELEASE, counterpart, cause + ": " + reason, now);
        }
        return to(afterRelease, Effect.NONE, Type.RELEASE, counterpart, cause + ": " + reason, now);
    }

    Step takeover(Collection<PeerView> peers, long now) {
        switch (state) {
            case UP:
                throw new IllegalStateException("this node holds " + settings.name() + " already");
            case STANDBY, RECOVER, FAIL:
                PeerView holder = holder(peers);
                if (holder != null) {
                    throw new IllegalStateException(holder.node() + " holds " + settings.name()
                            + ": run failover:release " + settings.name() + " there first");
                }
                if (health == Health.UNHEALTHY) {
                    throw new IllegalStateException("this node is unhealthy for " + settings.name() + " (" + healthReason
                            + "): it would hand the group to a healthy node at once; see failover:health " + settings.name());
                }
                manual = true;
                retryAt = 0;
                counterpart = null;
                return to(TESTING, Effect.TEST, Type.STATE_CHANGED, null, "takeover requested by the operator", now);
            default:
                throw new IllegalStateException(settings.name() + " is " + state + " here; try again when that is done");
        }
    }

    Step release(long now) {
        if (state != UP) {
            throw new IllegalStateException("this node does not hold " + settings.name() + " (it is " + state + ")");
        }
        return release(STANDBY, null, "release requested by the operator", Type.STATE_CHANGED, now);
    }

    /** The node stops: release, and remember a primary as wanting its group back, not as yielded. */
    Step releaseForStop(long now) {
        return release(primary() ? RECOVER : STANDBY, null, "the node is stopping", Type.STATE_CHANGED, now);
    }

    Step fail(long now) {
        switch (state) {
            case UP:
                return release(FAIL, null, "marked failed by the operator", Type.STATE_CHANGED, now);
            case TESTING, ACQUIRING, RELEASING:
                throw new IllegalStateException(settings.name() + " is " + state + " here; try again when that is done");
            case FAIL:
                throw new IllegalStateException(settings.name() + " is failed here already");
            default:
                return to(FAIL, Effect.NONE, Type.STATE_CHANGED, null, "marked failed by the operator", now);
        }
    }

    Step recover(long now) {
        boolean yielded = state == STANDBY && primary();
        if (state != FAIL && !yielded) {
            throw new IllegalStateException(settings.name() + " is " + state + " here: nothing to recover");
        }
        retryAt = 0;
        return to(primary() ? RECOVER : STANDBY, Effect.NONE, Type.STATE_CHANGED, null, "recovered by the operator", now);
    }

    private Step release(GroupState after, String peer, String reason, Type event, long now) {
        afterRelease = after;
        counterpart = null;
        recoverHeardSince = -1;
        return to(RELEASING, Effect.RELEASE, event, peer, reason, now);
    }

    private Step to(GroupState next, Effect effect, Type event, String peer, String reason, long now) {
        GroupState from = state;
        state = next;
        awaitingLease = false;
        since = now;
        if (next == UP) {
            otherHolderSeen = false;
        }
        if (next == TESTING || next == RELEASING) {
            cause = reason;
        }
        if (peer != null) {
            counterpart = peer;
        }
        return new Step(from, next, effect, event, peer, reason);
    }

    /**
     * Whether the peer comes before this node for the group. Each node's priority is the one it
     * announces (its own file's view), ties broken by the smaller node id, so that every node orders
     * the same two nodes the same way even when their group files disagree (else two backups could
     * each wait for the other, or two holders each keep the group).
     */
    private boolean ranksAbove(PeerView peer) {
        int theirs = peerPriority(peer);
        if (theirs < 0) {
            return false;
        }
        int mine = announcedPriority();
        return theirs > mine || (theirs == mine && peer.node().compareTo(self) < 0);
    }

    /** The priority the peer announces for itself, else what this node's file gives it; -1 for a stranger to the group. */
    private int peerPriority(PeerView peer) {
        if (peer.priority() >= 0) {
            return peer.priority();
        }
        return settings.rank(peer.node()) < 0 ? -1 : settings.priority(peer.node());
    }

    /** A peer heard only with a bad MAC is not known to be dead: taking over could put the address on two hosts. */
    private static boolean unauthenticated(Collection<PeerView> peers) {
        for (PeerView peer : peers) {
            if (peer.unauthenticated()) {
                return true;
            }
        }
        return false;
    }

    /** A live peer that has just started may still resume holding the group: its INIT lasts one dead time. */
    private static boolean deciding(Collection<PeerView> peers) {
        for (PeerView peer : peers) {
            if (peer.announces(INIT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A holder cut off from a peer (a partition, its own cables out) may have announced its addresses
     * where nobody heard them, and clients may still send to the peer's MAC: when the peer is heard
     * again, the holder announces them again.
     */
    private boolean heardAgain(Collection<PeerView> peers) {
        boolean again = false;
        for (PeerView peer : peers) {
            if (!peer.alive()) {
                silentPeers.add(peer.node());
            } else if (silentPeers.remove(peer.node())) {
                again = true;
            }
        }
        return again;
    }

    private static PeerView holder(Collection<PeerView> peers) {
        for (PeerView peer : peers) {
            if (peer.holds()) {
                return peer;
            }
        }
        return null;
    }

    /** A live peer ranked above this node that will take, or is taking, the group. */
    private PeerView candidateAhead(Collection<PeerView> peers) {
        for (PeerView peer : peers) {
            if (!peer.alive() || !ranksAbove(peer) || peer.announced() == null) {
                continue;
            }
            GroupState announced = peer.announced();
            boolean peerIsBackup = peerPriority(peer) < GroupSettings.PRIMARY_PRIORITY;
            if (announced == INIT || announced == RECOVER || announced == TESTING || (announced == STANDBY && peerIsBackup)) {
                return peer;
            }
        }
        return null;
    }

    private String takeoverReason(Collection<PeerView> peers) {
        String primary = settings.primary();
        if (primary.equals(self)) {
            return "no node holds the group";
        }
        for (PeerView peer : peers) {
            if (peer.node().equals(primary)) {
                counterpart = primary;
                if (!peer.alive()) {
                    return primary + " is silent on every network";
                }
                return primary + " announces " + (peer.announced() == null ? "nothing" : peer.announced()) + " for the group";
            }
        }
        counterpart = primary;
        return primary + " is silent on every network";
    }
}
