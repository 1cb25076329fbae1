package org.ipfailover.detector.internal;

import org.ipfailover.api.FailoverEvent.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the decision thread on what {@link Hearing} knows: this node stops or resumes taking
 * groups over, abandons the takeovers it was testing, and tells the operator.
 */
final class HearingWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DetectorSettings settings;
    private final Hearing hearing;
    private final Deadlines deadlines;
    private final GroupDecisions decisions;
    private final StepRunner steps;
    private final Alarms alarms;
    private final EventPublisher publisher;
    /** Since when (monotonic ms) this node has not been heard; -1 while it is. */
    private long silentSince = -1;
    private boolean notDecidingAnnounced;

    HearingWatch(DetectorSettings settings, Hearing hearing, Deadlines deadlines, GroupDecisions decisions, StepRunner steps,
            Alarms alarms, EventPublisher publisher) {
        this.settings = settings;
        this.hearing = hearing;
        this.deadlines = deadlines;
        this.decisions = decisions;
        this.steps = steps;
        this.alarms = alarms;
        this.publisher = publisher;
    }

    /**
     * The heartbeat's health decides at once whether this node may take groups over; an operator is
     * told (log, event) once it has not been heard for a dead time, so that a start or a heartbeat
     * bundle being replaced raises nothing.
     */
    void judgeHealth() {
        if (hearing.health().sending()) {
            silentSince = -1;
            if (!hearing.deciding()) {
                hearing.deciding(true);
                // its receivers were not running either: what it knows of its peers is a dead time old, at best
                deadlines.judgeFrom(Clock.nanos() + settings.deadMillis() * 1_000_000L);
                if (notDecidingAnnounced) {
                    notDecidingAnnounced = false;
                    LOG.info("Node {} is heard again on {}: it takes part in the decisions", settings.node(), hearing.health().networks());
                    publisher.node(Type.DECIDING, "the heartbeat goes out again on " + String.join(", ", hearing.health().networks()));
                }
                decisions.decideAll();
            }
            return;
        }
        if (hearing.deciding() || silentSince < 0) {
            hearing.deciding(false);
            silentSince = Clock.millis();
            steps.abandonTests(hearing.notDecidingReason());
        }
        if (!notDecidingAnnounced && Clock.millis() - silentSince >= settings.deadMillis()) {
            notDecidingAnnounced = true;
            LOG.warn("Node {} takes nothing over and keeps what it holds: {}", settings.node(), hearing.notDecidingReason());
            publisher.node(Type.NOT_DECIDING, hearing.notDecidingReason());
        }
    }

    /**
     * @return the next moment (monotonic ns) after {@code now} at which this watch has something to
     *         say without being told: a dead time of silence, a duplicate id not heard for a dead time;
     *         {@link Long#MAX_VALUE} when none
     */
    long nextDeadline(long now) {
        long next = Long.MAX_VALUE;
        long deadNanos = settings.deadMillis() * 1_000_000L;
        if (silentSince >= 0 && !notDecidingAnnounced) {
            long announce = silentSince * 1_000_000L + deadNanos;
            if (announce - now > 0) {
                next = announce;
            }
        }
        long duplicateGone = hearing.duplicateHeardNanos() + deadNanos;
        if (hearing.duplicateEverHeard() && duplicateGone - now > 0) {
            next = Math.min(next, duplicateGone);
        }
        return next;
    }

    /** Clears the duplicate id alarm once a dead time has passed without the other node. */
    void recheckDuplicate() {
        if (hearing.duplicateEverHeard()) {
            watchDuplicate();
        }
    }

    void watchDuplicate() {
        boolean fresh = hearing.duplicateHeard();
        if (fresh) {
            steps.abandonTests(hearing.notDecidingReason());
        }
        alarms.set("duplicate", fresh, "duplicate node id: a node at " + hearing.duplicateSource() + " also calls itself "
                + settings.node() + ": neither hears the other; give each node its own id (id in org.ipfailover.node.cfg)",
                "no beat from another node with this node's id for a dead time");
    }
}
