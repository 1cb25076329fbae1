package org.ipfailover.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NotifierQueue;
import org.junit.jupiter.api.Test;

/**
 * What the heartbeat and the notifiers say, as a scrape shows it: every drop reason and every
 * network's send failures from the start, own beats by age, nothing for a service that is not there.
 */
class ScrapeTimeMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private record Heartbeat(Map<String, Long> accepted, Map<String, Long> dropped, Map<String, Long> sent,
            Map<String, Long> sendFailures, boolean authenticated) implements HeartbeatStatistics {
    }

    private record Queue(String notifier, int queued, long deliveryFailures, long dropped) implements NotifierQueue {
    }

    private record Present(HeartbeatStatistics heartbeat, List<NotifierQueue> notifiers, FailoverControl control) implements Sources {
        Present(HeartbeatStatistics heartbeat, List<NotifierQueue> notifiers) {
            this(heartbeat, notifiers, null);
        }

        Present with(FailoverControl next) {
            return new Present(heartbeat, notifiers, next);
        }
    }

    /** What a detector reports, fixed: its commands are not the metrics' business. */
    private record Status(NodeCondition condition, List<GroupStatus> groups) implements FailoverControl {
        @Override
        public String node() {
            return "pri";
        }

        @Override
        public List<PeerStatus> peerStatus() {
            return List.of();
        }

        @Override
        public List<HealthStatus> health() {
            return List.of();
        }

        @Override
        public List<FailoverEvent> history(int count) {
            return List.of();
        }

        @Override
        public List<ActionInfo> actions(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ActionResult> test(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String reclaim(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String takeover(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String release(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String fail(String group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String recover(String group) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void heartbeatCountersHaveEverySeriesFromTheStart() throws IOException {
        new StatusMetrics(registry, new Present(new Heartbeat(Map.of("public", 7L), Map.of("own", 3L), Map.of("public", 9L,
                "private", 9L), Map.of("private", 1L), true), List.of(new Queue("mail admin", 2, 5, 1))));
        String text = scrape();
        assertLine(text, "ipfailover_heartbeats_sent_total{network=\"private\"} 9.0");
        assertLine(text, "ipfailover_heartbeat_send_failures_total{network=\"private\"} 1.0");
        assertLine(text, "ipfailover_heartbeat_send_failures_total{network=\"public\"} 0.0");
        assertLine(text, "ipfailover_heartbeats_accepted_total{network=\"public\"} 7.0");
        assertLine(text, "ipfailover_heartbeats_dropped_total{reason=\"own\"} 3.0");
        assertLine(text, "ipfailover_heartbeats_dropped_total{reason=\"badMac\"} 0.0");
        assertLine(text, "ipfailover_heartbeat_authenticated 1.0");
        assertLine(text, "ipfailover_notifier_queued_messages{notifier=\"mail admin\"} 2.0");
        assertLine(text, "ipfailover_notifier_delivery_failures_total{notifier=\"mail admin\"} 5.0");
        assertLine(text, "ipfailover_notifier_dropped_messages_total{notifier=\"mail admin\"} 1.0");
        assertFalse(text.contains("ipfailover_group_state{"), "no detector, no group metrics: " + text);
    }

    @Test
    void theQuorumAndWhoHoldsEachLeaseAreShownOnlyWithAQuorum() throws IOException {
        GroupStatus web = new GroupStatus("web", GroupState.UP, 255, true, "pri", List.of(Vip.parse("eth0:198.51.100.10/24")), "auto",
                0, Health.HEALTHY, "", "pri", false);
        GroupStatus db = new GroupStatus("db", GroupState.TESTING, 255, true, null, List.of(Vip.parse("eth0:198.51.100.11/24")),
                "auto", 0, Health.HEALTHY, "", "sec", true);
        Status status = new Status(new NodeCondition(true, "", List.of(), new QuorumStatus(true, Instant.ofEpochSecond(1_800_000_000L),
                "zk1:2181")), List.of(web, db));
        new StatusMetrics(registry, new Present(null, List.of()).with(status));
        String text = scrape();
        assertLine(text, "ipfailover_quorum_reachable 1.0");
        assertLine(text, "ipfailover_quorum_since_timestamp_seconds 1.8E9");
        assertLine(text, "ipfailover_group_lease_held{group=\"web\"} 1.0");
        assertLine(text, "ipfailover_group_lease_held{group=\"db\"} 0.0");
        assertLine(text, "ipfailover_group_lease_awaiting{group=\"db\"} 1.0");

        PrometheusRegistry without = new PrometheusRegistry();
        new StatusMetrics(without, new Present(null, List.of()).with(new Status(new NodeCondition(true, "", List.of()), List.of(web))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, without.scrape());
        String plain = out.toString(StandardCharsets.UTF_8);
        assertTrue(plain.contains("ipfailover_group_state{"), plain);
        assertFalse(plain.contains("ipfailover_quorum_reachable "), plain);
        assertFalse(plain.contains("ipfailover_group_lease_held{"), plain);
    }

    @Test
    void withoutHeartbeatOrNotifiersTheirMetricsAreLeftOut() throws IOException {
        new StatusMetrics(registry, new Present(null, List.of()));
        String text = scrape();
        assertFalse(text.contains("ipfailover_heartbeats_sent_total{"), text);
        assertFalse(text.contains("ipfailover_notifier_queued_messages{"), text);
    }

    @Test
    void ownBeatsShowTheirAgeAndWhereTheLatestBeatWentOut() throws IOException {
        OwnBeats own = new OwnBeats(registry, now::get);
        own.heard("public", now.get() - 40_000_000L);
        own.heard("public", now.get() - 90_000_000L);
        own.health(new HeartbeatHealth(true, List.of("public", "private"), ""));
        String text = scrape();
        assertLine(text, "ipfailover_own_beat_age_seconds{network=\"public\"} 0.04");
        assertLine(text, "ipfailover_heartbeat_sending 1.0");
        assertLine(text, "ipfailover_heartbeat_network_sending{network=\"private\"} 1.0");
        own.health(new HeartbeatHealth(true, List.of("private"), "public: network unreachable"));
        now.addAndGet(1_000_000_000L);
        text = scrape();
        assertLine(text, "ipfailover_own_beat_age_seconds{network=\"public\"} 1.04");
        assertLine(text, "ipfailover_heartbeat_network_sending{network=\"public\"} 0.0");
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), "no line " + line + " in\n" + text);
    }
}
