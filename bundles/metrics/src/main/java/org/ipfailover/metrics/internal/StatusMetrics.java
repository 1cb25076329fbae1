package org.ipfailover.metrics.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.NotifierQueue;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.quorum.QuorumStatus;

/**
 * The metrics read at each scrape from what the node's services say now: groups, checks, peers,
 * heartbeat counters, notifier queues, and whether this node decides. Nothing is kept between
 * scrapes, so these never disagree with {@code failover:status}.
 */
final class StatusMetrics {
    private static final List<String> DROP_REASONS = List.of(HeartbeatStatistics.BAD_MAGIC, HeartbeatStatistics.BAD_VERSION,
            HeartbeatStatistics.BAD_LENGTH, HeartbeatStatistics.BAD_MAC, HeartbeatStatistics.UNKNOWN_NODE,
            HeartbeatStatistics.UNKNOWN_NETWORK, HeartbeatStatistics.REPLAY, HeartbeatStatistics.OWN);

    private final Sources sources;

    StatusMetrics(PrometheusRegistry registry, Sources sources) {
        this.sources = sources;
        nodeGauges(registry);
        groupGauges(registry);
        checkGauges(registry);
        peerGauges(registry);
        heartbeatCounters(registry);
        notifierMetrics(registry);
    }

    private void nodeGauges(PrometheusRegistry registry) {
        gauge(registry, "ipfailover_node_info", "This node's id", (control, cb) -> cb.call(1, control.node()), "node");
        gauge(registry, "ipfailover_node_deciding",
                "1 while this node takes part in the decisions; 0 while it cannot be heard and takes nothing over",
                (control, cb) -> cb.call(condition(control).deciding() ? 1 : 0));
        gauge(registry, "ipfailover_node_alarms", "Alarms that stand now (failover:status lists them)",
                (control, cb) -> cb.call(condition(control).alarms().size()));
        gauge(registry, "ipfailover_quorum_reachable",
                "With a quorum: 1 while this node reaches it, 0 while not (it then takes nothing new); no sample without a quorum",
                (control, cb) -> {
                    QuorumStatus quorum = condition(control).quorum();
                    if (quorum != null) {
                        cb.call(quorum.reachable() ? 1 : 0);
                    }
                });
        gauge(registry, "ipfailover_quorum_since_timestamp_seconds", "With a quorum: when this node last began or ceased to reach it",
                (control, cb) -> {
                    QuorumStatus quorum = condition(control).quorum();
                    if (quorum != null) {
                        cb.call(quorum.since().toEpochMilli() / 1000.0);
                    }
                });
    }

    private static NodeCondition condition(FailoverControl control) {
        return control.condition();
    }

    private void groupGauges(PrometheusRegistry registry) {
        gauge(registry, "ipfailover_group_state", "This node's state for the group: 1 for the state it is in, 0 for the others", (control, cb) -> {
                    for (GroupStatus group : control.groups()) {
                        for (GroupState state : GroupState.values()) {
                            cb.call(group.state() == state ? 1 : 0, group.group(), state.name());
                        }
                    }
                }, "group", "state");
        gauge(registry, "ipfailover_group_holding",
                "1 while this node holds the group's addresses (ACQUIRING, UP, RELEASING), else 0",
                (control, cb) -> control.groups().forEach(group -> cb.call(group.state().holds() ? 1 : 0, group.group())), "group");
        gauge(registry, "ipfailover_group_priority", "This node's priority for the group (255: the primary)",
                (control, cb) -> control.groups().forEach(group -> cb.call(group.priority(), group.group())), "group");
        gauge(registry, "ipfailover_group_state_since_timestamp_seconds", "When this node entered its state for the group", (control, cb) -> control.groups().forEach(group -> cb.call(group.since() / 1000.0, group.group())),
                "group");
        gauge(registry, "ipfailover_group_lease_held",
                "With a quorum: 1 while this node holds the group's lease, else 0; no sample without a quorum", (control, cb) -> {
                    if (condition(control).quorum() != null) {
                        String node = control.node();
                        control.groups().forEach(group -> cb.call(node.equals(group.leaseHolder()) ? 1 : 0, group.group()));
                    }
                }, "group");
        gauge(registry, "ipfailover_group_lease_awaiting",
                "With a quorum: 1 while the group waits in TESTING for its lease (its Test phase passed), else 0", (control, cb) -> {
                    if (condition(control).quorum() != null) {
                        control.groups().forEach(group -> cb.call(group.awaitingLease() ? 1 : 0, group.group()));
                    }
                }, "group");
        gauge(registry, "ipfailover_group_health", "This node's health for the group: 1 for how it stands, 0 for the others", (control, cb) -> {
                    for (GroupStatus group : control.groups()) {
                        for (Health health : Health.values()) {
                            cb.call(group.health() == health ? 1 : 0, group.group(), health.name());
                        }
                    }
                }, "group", "health");
    }

    private void checkGauges(PrometheusRegistry registry) {
        gauge(registry, "ipfailover_check_health",
                "Each check and tracked interface (link:<interface>) guarding a group: 1 for how it stands, 0 for the others", (control, cb) -> {
                    for (HealthStatus check : control.health()) {
                        for (Health health : Health.values()) {
                            cb.call(check.health() == health ? 1 : 0, check.group(), check.check(), health.name());
                        }
                    }
                }, "group", "check", "health");
        gauge(registry, "ipfailover_check_passes", "Passes in a row of the check (an interface: 1 while up)",
                (control, cb) -> control.health().forEach(check -> cb.call(check.passes(), check.group(), check.check())),
                "group", "check");
        gauge(registry, "ipfailover_check_failures", "Failures in a row of the check (an interface: 1 while down)",
                (control, cb) -> control.health().forEach(check -> cb.call(check.failures(), check.group(), check.check())),
                "group", "check");
    }

    private void peerGauges(PrometheusRegistry registry) {
        gauge(registry, "ipfailover_peer_alive", "1 while the peer is heard on some network within the dead time",
                (control, cb) -> control.peerStatus().forEach(peer -> cb.call(peer.alive() ? 1 : 0, peer.node())), "peer");
        gauge(registry, "ipfailover_peer_anomaly", "1 while the peer is silent on some networks but not all",
                (control, cb) -> control.peerStatus().forEach(peer -> cb.call(peer.anomaly() ? 1 : 0, peer.node())), "peer");
        gauge(registry, "ipfailover_peer_last_beat_age_seconds",
                "Seconds since the peer's last beat on the network (networks it was never heard on are left out)",
                (control, cb) -> {
                    for (PeerStatus peer : control.peerStatus()) {
                        for (Map.Entry<String, Long> network : peer.lastBeatMillis().entrySet()) {
                            if (network.getValue() >= 0) {
                                cb.call(network.getValue() / 1000.0, peer.node(), network.getKey());
                            }
                        }
                    }
                }, "peer", "network");
    }

    private void heartbeatCounters(PrometheusRegistry registry) {
        counter(registry, "ipfailover_heartbeats_sent_total", "Heartbeats sent, by network", HeartbeatStatistics::sent, "network");
        counter(registry, "ipfailover_heartbeat_send_failures_total", "Heartbeats that could not be sent, by network",
                heartbeat -> withZeros(heartbeat.sendFailures(), heartbeat.sent().keySet()), "network");
        counter(registry, "ipfailover_heartbeats_accepted_total", "Heartbeats received, verified and accepted, by network",
                HeartbeatStatistics::accepted, "network");
        counter(registry, "ipfailover_heartbeats_dropped_total", "Datagrams dropped by the receiver, by reason (badMac, replay, "
                + "unknownNode, unknownNetwork, badMagic, badVersion, badLength, own)", heartbeat -> withZeros(heartbeat.dropped(),
                        DROP_REASONS), "reason");
        GaugeWithCallback.builder().name("ipfailover_heartbeat_authenticated")
                .help("1 while heartbeats are signed and verified; 0 with auth = none")
                .callback(cb -> {
                    HeartbeatStatistics heartbeat = sources.heartbeat();
                    if (heartbeat != null) {
                        cb.call(heartbeat.authenticated() ? 1 : 0);
                    }
                }).register(registry);
    }

    private void notifierMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("ipfailover_notifier_queued_messages").help("Messages waiting for delivery, by notifier")
                .labelNames("notifier").callback(cb -> sources.notifiers().forEach(n -> cb.call(n.queued(), n.notifier())))
                .register(registry);
        CounterWithCallback.builder().name("ipfailover_notifier_delivery_failures_total")
                .help("Delivery attempts that failed (server down, refusing, rejecting), by notifier").labelNames("notifier")
                .callback(cb -> sources.notifiers().forEach(n -> cb.call(n.deliveryFailures(), n.notifier()))).register(registry);
        CounterWithCallback.builder().name("ipfailover_notifier_dropped_messages_total")
                .help("Messages given up (rejected for good, or dropped from a full queue), by notifier").labelNames("notifier")
                .callback(cb -> sources.notifiers().forEach(n -> cb.call(n.dropped(), n.notifier()))).register(registry);
    }

    /** Every series there from the start: a rate() or an alert sees the first increase, not a series appearing. */
    private static Map<String, Long> withZeros(Map<String, Long> counts, Collection<String> keys) {
        Map<String, Long> all = new TreeMap<>(counts);
        keys.forEach(key -> all.putIfAbsent(key, 0L));
        return all;
    }

    private void gauge(PrometheusRegistry registry, String name, String help, BiConsumer<FailoverControl, GaugeWithCallback.Callback> read, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(cb -> {
            FailoverControl control = sources.control();
            if (control != null) {
                try {
                    read.accept(control, cb);
                } catch (IllegalStateException notRunning) {
                    // the detector waits for its configuration and says why in the log: its metrics are left out
                }
            }
        }).register(registry);
    }

    private void counter(PrometheusRegistry registry, String name, String help,
            Function<HeartbeatStatistics, Map<String, Long>> read, String label) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            HeartbeatStatistics heartbeat = sources.heartbeat();
            if (heartbeat != null) {
                read.apply(heartbeat).forEach((key, value) -> cb.call(value, key));
            }
        }).register(registry);
    }
}
