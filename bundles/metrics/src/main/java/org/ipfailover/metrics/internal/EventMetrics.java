package org.ipfailover.metrics.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;

/**
 * The metrics that only events can tell: counts of events by kind, how long takeovers, hand-backs,
 * releases and actions took. Fed on the detector's event thread; every call only counts.
 */
final class EventMetrics {
    private static final double[] TAKEOVER_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    private static final double[] HANDBACK_SECONDS = {0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300};
    private static final double[] ACTION_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300};

    private final Counter groupEvents;
    private final Counter checkEvents;
    private final Counter peerEvents;
    private final Counter nodeEvents;
    private final Counter actionRuns;
    private final Histogram failover;
    private final Histogram handback;
    private final Histogram release;
    private final Histogram actionDuration;
    /** Per group: when this node set out to take it (left STANDBY, or began asking for it back in RECOVER). */
    private final Map<String, Start> takeovers = new HashMap<>();
    private final Map<String, Instant> releases = new HashMap<>();

    private record Start(Instant time, boolean handback) {
    }

    /** Without exemplars: they would look for a tracer, an optional package the node does not have. */
    EventMetrics(PrometheusRegistry registry) {
        groupEvents = Counter.builder().withoutExemplars().name("ipfailover_group_events_total")
                .help("Events of a group on this node by type: TAKEOVER, RELEASE, TAKEOVER_FAILED, TEST_VETO, ACTION_FAILED, "
                        + "RECLAIM, STATE_CHANGED, HEALTH_FAILED, HEALTH_RECOVERED")
                .labelNames("group", "type").register(registry);
        checkEvents = Counter.builder().withoutExemplars().name("ipfailover_check_events_total")
                .help("HEALTH_FAILED and HEALTH_RECOVERED events by group and check (link:<interface> for a tracked interface)")
                .labelNames("group", "check", "type").register(registry);
        peerEvents = Counter.builder().withoutExemplars().name("ipfailover_peer_events_total")
                .help("Events of a peer: PEER_LOST, PEER_FOUND, ANOMALY, ANOMALY_CLEARED")
                .labelNames("peer", "type").register(registry);
        nodeEvents = Counter.builder().withoutExemplars().name("ipfailover_node_events_total")
                .help("Events of this node: ALARM, ALARM_CLEARED, NOT_DECIDING, DECIDING, QUORUM_LOST, QUORUM_REGAINED")
                .labelNames("type").register(registry);
        actionRuns = Counter.builder().withoutExemplars().name("ipfailover_action_runs_total")
                .help("Action runs by action and result (success, failure)")
                .labelNames("action", "result").register(registry);
        failover = Histogram.builder().withoutExemplars().name("ipfailover_failover_duration_seconds")
                .help("Takeovers by a backup: from leaving STANDBY (Test phase included) until the group is UP here")
                .labelNames("group").classicOnly().classicUpperBounds(TAKEOVER_SECONDS).register(registry);
        handback = Histogram.builder().withoutExemplars().name("ipfailover_handback_duration_seconds")
                .help("Hand-backs to this node: from asking for the group (RECOVER) until it is UP here, failbackDelay and "
                        + "the holder's release included")
                .labelNames("group").classicOnly().classicUpperBounds(HANDBACK_SECONDS).register(registry);
        release = Histogram.builder().withoutExemplars().name("ipfailover_release_duration_seconds")
                .help("Releases by this node: from RELEASING until the addresses are gone and the release actions ran")
                .labelNames("group").classicOnly().classicUpperBounds(TAKEOVER_SECONDS).register(registry);
        actionDuration = Histogram.builder().withoutExemplars().name("ipfailover_action_duration_seconds")
                .help("How long each action ran, by action")
                .labelNames("action").classicOnly().classicUpperBounds(ACTION_SECONDS).register(registry);
    }

    synchronized void on(FailoverEvent event) {
        Type type = event.type();
        if (event.group() != null) {
            groupEvents.labelValues(event.group(), type.name()).inc();
            if (event.check() != null) {
                checkEvents.labelValues(event.group(), event.check(), type.name()).inc();
            }
            durations(event);
        } else if (event.peer() != null) {
            peerEvents.labelValues(event.peer(), type.name()).inc();
        } else {
            nodeEvents.labelValues(type.name()).inc();
        }
        if (type != Type.ACTION_FAILED) {
            for (ActionResult result : event.results()) {
                actionRuns.labelValues(result.action(), result.success() ? "success" : "failure").inc();
                if (result.millis() >= 0) {
                    actionDuration.labelValues(result.action()).observe(result.millis() / 1000.0);
                }
            }
        }
    }

    private void durations(FailoverEvent event) {
        String group = event.group();
        GroupState from = event.from();
        GroupState to = event.to();
        if (event.type() == Type.TAKEOVER) {
            Start start = takeovers.remove(group);
            if (start != null) {
                (start.handback() ? handback : failover).labelValues(group).observe(seconds(start.time(), event.time()));
            }
            return;
        }
        if (event.type() == Type.RELEASE) {
            Instant start = releases.remove(group);
            if (start != null) {
                release.labelValues(group).observe(seconds(start, event.time()));
            }
        }
        if (to == null || from == to) {
            return;
        }
        if (to == GroupState.RELEASING) {
            releases.put(group, event.time());
        } else if (to == GroupState.RECOVER) {
            takeovers.put(group, new Start(event.time(), true));
        } else if ((to == GroupState.TESTING || to == GroupState.ACQUIRING) && from == GroupState.STANDBY) {
            takeovers.put(group, new Start(event.time(), false));
        } else if (!to.holds() && to != GroupState.TESTING) {
            takeovers.remove(group);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
