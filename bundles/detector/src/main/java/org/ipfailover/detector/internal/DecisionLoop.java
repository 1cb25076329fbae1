package org.ipfailover.detector.internal;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.api.Beat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when beats change what a peer announces, and ticks when a deadline falls (a peer's last
 * beat plus the dead time, a group's timer, a transition's watchdog, the hearing's and the
 * duplicate id's dead times); between deadlines it sleeps, for at most {@link #maxTickMillis} ms.
 * Whatever is told to the decision thread (beats that change something, outcomes, health,
 * operator commands) may bring a deadline closer: after every task the next tick moves earlier
 * when it has to. A tick that comes late by more than the dead time is a pause of this process or
 * host: the peers are not judged until they have been heard again.
 */
final class DecisionLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    /**
     * The longest a tick waits on a node that does not hear its own beats (unicast networks only),
     * for a dead time of 400 ms or more; a quarter of shorter ones: only a tick's lateness tells it
     * that it was paused.
     */
    static final long MAX_TICK_MILLIS = 100;
    /**
     * The longest a tick waits, for a dead time this long or longer, on a node that hears its own
     * beats: their silence holds the peers back when the process was paused, whenever a tick comes.
     */
    static final long MAX_SELF_HEARING_TICK_MILLIS = 1000;

    private final DetectorSettings settings;
    private final DecisionThread thread;
    private final PeerTable peers;
    private final GroupTable table;
    private final Deadlines deadlines;
    private final Hearing hearing;
    private final HearingWatch hearingWatch;
    private final PeerWatch peerWatch;
    private final GroupDecisions decisions;
    private final Watchdog watchdog;
    private final StepRunner steps;
    private final Announcements announcements;
    private final SelfHearing self;
    private final AtomicBoolean decisionPending = new AtomicBoolean();
    /** When the next tick runs, and that tick; decision thread only (but at start). */
    private long tickDue;
    private Future<?> nextTick;
    private boolean behindSaid;

    DecisionLoop(DetectorSettings settings, DecisionThread thread, PeerTable peers, GroupTable table, Deadlines deadlines,
            Hearing hearing, HearingWatch hearingWatch, PeerWatch peerWatch, GroupDecisions decisions, Watchdog watchdog,
            StepRunner steps, Announcements announcements, SelfHearing self) {
        this.settings = settings;
        this.thread = thread;
        this.peers = peers;
        this.table = table;
        this.deadlines = deadlines;
        this.hearing = hearing;
        this.hearingWatch = hearingWatch;
        this.peerWatch = peerWatch;
        this.decisions = decisions;
        this.watchdog = watchdog;
        this.steps = steps;
        this.announcements = announcements;
        this.self = self;
    }

    void start() {
        deadlines.judgeFrom(Clock.nanos());
        tickDue = deadlines.convictAfter();
        thread.onTaskEnd(awaited -> tickSooner());
        thread.decide(hearingWatch::judgeHealth);
        thread.decide(this::tick);
    }

    void beat(Beat beat) {
        if (peers.record(beat)) {
            decideSoon();
        }
    }

    /** @param caughtUp the receive path was behind until this own beat came: what waited is judged now */
    void ownBeat(boolean caughtUp) {
        if (caughtUp) {
            decideSoon();
        }
    }

    private void decideSoon() {
        if (decisionPending.compareAndSet(false, true)) {
            thread.decide(() -> {
                decisionPending.set(false);
                long now = Clock.nanos();
                if (deadlines.judging(now)) {
                    judgePeers(now); // PEER_FOUND before what the decision does about it
                }
                peerWatch.checkAgreement();
                decisions.decideAll();
            });
        }
    }

    private void tick() {
        long now = Clock.nanos();
        try {
            long late = (now - tickDue) / 1_000_000L;
            if (late > settings.deadMillis()) {
                deadlines.paused(now + 2 * settings.intervalMillis() * 1_000_000L);
                LOG.warn("Detector ran {} ms late (a pause of this process or host): not judging peers for {} ms",
                        late, 2 * settings.intervalMillis());
            }
            if (!hearing.deciding()) {
                hearingWatch.judgeHealth();
            }
            long nowMillis = Clock.millis();
            watchdog.expire(nowMillis, (machine, reason) -> {
                if (table.isCurrent(machine)) {
                    steps.apply(machine, machine.stuck(reason, nowMillis));
                }
            });
            sayWhetherBehind(now);
            if (deadlines.judging(now)) {
                judgePeers(now);
                decisions.decideAll();
                if (deadlines.sinceStartMillis() <= settings.deadMillis() + maxTickMillis()) {
                    announcements.publish(); // the INIT placeholders of journaled groups expire
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Detector tick failed", e);
        } finally {
            scheduleTick(now);
        }
    }

    /**
     * A peer whose deadline falls while this node's own beats do not come through is judged once
     * they do; said once, when it holds a peer back (a late own beat alone is no news).
     */
    private void sayWhetherBehind(long now) {
        boolean behind = !self.current(now) && hearing.deciding() && deadlines.judging(now);
        if (behind && !behindSaid && peers.heldBack(now)) {
            LOG.warn("This node has not heard its own beat for {} ms (its process or host is starved or was stopped): "
                    + "a peer silent for longer than the dead time is judged once its own beats come through again",
                    self.silentMillis(now));
            behindSaid = true;
        } else if (!behind) {
            behindSaid = false;
        }
    }

    private void judgePeers(long now) {
        hearingWatch.recheckDuplicate();
        peerWatch.watch(now);
    }

    /**
     * Schedules the next tick at the earliest deadline, at least 1 ms (a quarter interval while this
     * node's own beats are late) and at most {@link #maxTickMillis} ms away.
     */
    private void scheduleTick(long now) {
        if (decisions.stopping()) {
            return;
        }
        long next = now + maxTickMillis() * 1_000_000L;
        try {
            next = nextDeadline(now, next);
        } catch (RuntimeException e) {
            LOG.error("Detector could not work out its next deadline: ticking in {} ms", maxTickMillis(), e);
        }
        tickAt(now, next);
    }

    private void tickAt(long now, long next) {
        // while this node's own beats are late its listening clock stands still, and a peer's deadline on it comes no nearer
        long floor = self.current(now) ? 1_000_000L : Math.max(1_000_000L, settings.intervalMillis() * 250_000L);
        long delay = Math.max(floor, next - now);
        tickDue = now + delay;
        nextTick = thread.scheduleCancellable(this::tick, delay);
        if (nextTick == null) {
            LOG.debug("Detector stopped: no further tick");
        }
    }

    /**
     * After a task on the decision thread: a deadline it set (a group's timer, a watchdog) or
     * brought closer, before the next tick, moves that tick earlier.
     */
    private void tickSooner() {
        Future<?> pending = nextTick;
        if (pending == null || decisions.stopping()) {
            return;
        }
        long now = Clock.nanos();
        long next;
        try {
            next = nextDeadline(now, tickDue);
        } catch (RuntimeException e) {
            return; // the next tick says so, and ticks in maxTickMillis
        }
        if (tickDue - Math.max(now + 1_000_000L, next) > 1_000_000L && pending.cancel(false)) {
            tickAt(now, next);
        }
    }

    private long nextDeadline(long now, long latest) {
        long next = Math.min(latest, peers.nextChange(now));
        if (!deadlines.judging(now)) {
            next = Math.min(next, deadlines.convictAfter());
        }
        long nowMillis = now / 1_000_000L;
        for (GroupStateMachine machine : table.all()) {
            long deadline = machine.nextDeadline(nowMillis);
            if (deadline != Long.MAX_VALUE) {
                next = Math.min(next, deadline * 1_000_000L);
            }
        }
        long journaledExpire = (deadlines.startedMillis() + settings.deadMillis() + 1) * 1_000_000L;
        if (journaledExpire - now > 0) {
            next = Math.min(next, journaledExpire);
        }
        long backendWaitOver = (deadlines.startedMillis() + KernelLook.BACKEND_WAIT_MILLIS) * 1_000_000L;
        if (backendWaitOver - now > 0) {
            next = Math.min(next, backendWaitOver);
        }
        next = Math.min(next, hearingWatch.nextDeadline(now));
        long watchdogDue = watchdog.nextDue();
        if (watchdogDue != Long.MAX_VALUE) {
            next = Math.min(next, watchdogDue * 1_000_000L);
        }
        return next;
    }

    private long maxTickMillis() {
        if (self.hearsItself()) {
            return Math.max(5, Math.min(MAX_SELF_HEARING_TICK_MILLIS, settings.deadMillis()));
        }
        return Math.max(5, Math.min(MAX_TICK_MILLIS, settings.deadMillis() / 4));
    }
}
