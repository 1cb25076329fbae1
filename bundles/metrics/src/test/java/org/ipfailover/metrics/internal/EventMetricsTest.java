package org.ipfailover.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.junit.jupiter.api.Test;

/** Events in, the text a scrape gives out: which event counts where, and what a takeover, hand-back or release took. */
class EventMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final EventMetrics metrics = new EventMetrics(registry);

    @Test
    void aBackupsTakeoverIsCountedAndTimedFromLeavingStandby() throws IOException {
        metrics.on(group(Type.STATE_CHANGED, 0, GroupState.STANDBY, GroupState.TESTING).build());
        metrics.on(group(Type.STATE_CHANGED, 120, GroupState.TESTING, GroupState.ACQUIRING).build());
        metrics.on(group(Type.TAKEOVER, 250, GroupState.ACQUIRING, GroupState.UP)
                .results(List.of(new ActionResult("shell:web", true, "", 40), ActionResult.failed("network", "down"))).build());
        String text = scrape();
        assertLine(text, "ipfailover_group_events_total{group=\"web\",type=\"STATE_CHANGED\"} 2.0");
        assertLine(text, "ipfailover_group_events_total{group=\"web\",type=\"TAKEOVER\"} 1.0");
        assertLine(text, "ipfailover_failover_duration_seconds_count{group=\"web\"} 1");
        assertLine(text, "ipfailover_failover_duration_seconds_sum{group=\"web\"} 0.25");
        assertLine(text, "ipfailover_failover_duration_seconds_bucket{group=\"web\",le=\"0.1\"} 0");
        assertLine(text, "ipfailover_failover_duration_seconds_bucket{group=\"web\",le=\"0.25\"} 1");
        assertLine(text, "ipfailover_action_runs_total{action=\"shell:web\",result=\"success\"} 1.0");
        assertLine(text, "ipfailover_action_runs_total{action=\"network\",result=\"failure\"} 1.0");
        assertLine(text, "ipfailover_action_duration_seconds_sum{action=\"shell:web\"} 0.04");
        assertTrue(!text.contains("ipfailover_action_duration_seconds_count{action=\"network\"}"), "an unmeasured run is not timed");
        assertTrue(!text.contains("ipfailover_handback_duration_seconds_count"), text);
    }

    @Test
    void aVetoedTakeoverIsNotTimedAndTheNextOneStartsAfresh() throws IOException {
        metrics.on(group(Type.STATE_CHANGED, 0, GroupState.STANDBY, GroupState.TESTING).build());
        metrics.on(group(Type.TEST_VETO, 100, GroupState.TESTING, GroupState.STANDBY)
                .results(List.of(new ActionResult("shell:web", false, "exit 1", 90))).build());
        metrics.on(group(Type.STATE_CHANGED, 5000, GroupState.STANDBY, GroupState.TESTING).build());
        metrics.on(group(Type.TAKEOVER, 5300, GroupState.ACQUIRING, GroupState.UP).build());
        String text = scrape();
        assertLine(text, "ipfailover_failover_duration_seconds_sum{group=\"web\"} 0.3");
        assertLine(text, "ipfailover_group_events_total{group=\"web\",type=\"TEST_VETO\"} 1.0");
        assertLine(text, "ipfailover_action_runs_total{action=\"shell:web\",result=\"failure\"} 1.0");
    }

    @Test
    void aHandBackIsTimedFromAskingAndAReleaseFromReleasing() throws IOException {
        metrics.on(group(Type.STATE_CHANGED, 0, GroupState.INIT, GroupState.RECOVER).build());
        metrics.on(group(Type.STATE_CHANGED, 2000, GroupState.RECOVER, GroupState.ACQUIRING).build());
        metrics.on(group(Type.TAKEOVER, 2100, GroupState.ACQUIRING, GroupState.UP).build());
        metrics.on(group(Type.STATE_CHANGED, 9000, GroupState.UP, GroupState.RELEASING).build());
        metrics.on(group(Type.RELEASE, 9050, GroupState.RELEASING, GroupState.STANDBY).build());
        String text = scrape();
        assertLine(text, "ipfailover_handback_duration_seconds_sum{group=\"web\"} 2.1");
        assertLine(text, "ipfailover_release_duration_seconds_sum{group=\"web\"} 0.05");
        assertTrue(!text.contains("ipfailover_failover_duration_seconds_count"), text);
    }

    @Test
    void peerNodeAndCheckEventsHaveTheirOwnCounters() throws IOException {
        metrics.on(FailoverEvent.of(Type.PEER_LOST, T0, "sec").peer("pri").build());
        metrics.on(FailoverEvent.of(Type.ANOMALY, T0, "sec").peer("pri").build());
        metrics.on(FailoverEvent.of(Type.NOT_DECIDING, T0, "sec").build());
        metrics.on(FailoverEvent.of(Type.HEALTH_FAILED, T0, "sec").group("web").check("http-web").from(GroupState.UP)
                .to(GroupState.UP).build());
        metrics.on(FailoverEvent.of(Type.ACTION_FAILED, T0, "sec").group("web").from(GroupState.UP).to(GroupState.UP)
                .results(List.of(ActionResult.failed("shell:web", "exit 1"))).build());
        String text = scrape();
        assertLine(text, "ipfailover_peer_events_total{peer=\"pri\",type=\"PEER_LOST\"} 1.0");
        assertLine(text, "ipfailover_peer_events_total{peer=\"pri\",type=\"ANOMALY\"} 1.0");
        assertLine(text, "ipfailover_node_events_total{type=\"NOT_DECIDING\"} 1.0");
        assertLine(text, "ipfailover_check_events_total{check=\"http-web\",group=\"web\",type=\"HEALTH_FAILED\"} 1.0");
        assertLine(text, "ipfailover_group_events_total{group=\"web\",type=\"ACTION_FAILED\"} 1.0");
        assertTrue(!text.contains("ipfailover_action_runs_total{"), "ACTION_FAILED repeats a result already counted: " + text);
    }

    private static FailoverEvent.Builder group(Type type, long millis, GroupState from, GroupState to) {
        return FailoverEvent.of(type, T0.plusMillis(millis), "sec").group("web").from(from).to(to);
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
