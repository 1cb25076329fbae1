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
import org.ipfailover.api.FailoverControl;
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

    private record Present(HeartbeatStatistics heartbeat, List<NotifierQueue> notifiers) implements Sources {
        @Override
        public FailoverControl control() {
            return null;
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
