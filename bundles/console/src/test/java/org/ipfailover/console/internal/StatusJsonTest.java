package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.json.internal.JsonWriter;
import org.ipfailover.json.internal.StatusJson;
import org.ipfailover.test.support.StrictJson;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    static final NodeCondition DECIDING = new NodeCondition(true, "", List.of());
    static final String AWKWARD = "quote\" backslash\\ newline\n tab\t bell\u0007 nul\u0000 del\u007f ls\u2028 é ✓";

    @Test
    void escapesEveryCharacterJsonForbidsRaw() {
        String json = new JsonWriter().beginObject().name(AWKWARD).value(AWKWARD).endObject().toString();
        Map<String, Object> parsed = StrictJson.object(StrictJson.parse(json));
        assertEquals(AWKWARD, parsed.get(AWKWARD));
        assertTrue(json.contains("\\\"") && json.contains("\\\\") && json.contains("\\n") && json.contains("\\u0007")
                && json.contains("\\u0000") && json.contains("\\u2028"), json);
        assertTrue(json.chars().noneMatch(c -> c < 0x20), json);
    }

    @Test
    void separatesMembersAndElementsWithCommasOnly() {
        String json = new JsonWriter().beginArray().value(1).value("two").beginObject().endObject().beginArray().endArray()
                .nullValue().value(true).endArray().toString();
        assertEquals("[1,\"two\",{},[],null,true]", json);
    }

    @Test
    void statusHasNodeGroupsPeersAndCounters() {
        GroupStatus web = new GroupStatus("web", GroupState.UP, 255, true, "pri", List.of(Vip.parse("eth0:198.51.100.10/24"),
                Vip.parse("eth0:2001:db8::10/64")), "auto", 1_700_000_000_000L, org.ipfailover.api.Health.UNHEALTHY,
                "http-web: HTTP 503");
        List<org.ipfailover.api.HealthStatus> checks = List.of(new org.ipfailover.api.HealthStatus("web", "http-web",
                org.ipfailover.api.Health.UNHEALTHY, 0, 3, "HTTP 503", 1_700_000_000_000L));
        Map<String, Long> beats = new LinkedHashMap<>();
        beats.put("public", 42L);
        beats.put("private", -1L);
        PeerStatus sec = new PeerStatus("sec \"b\"", true, true, beats, List.of(new GroupAnnouncement("web", GroupState.STANDBY, 0)));

        Map<String, Object> status = StrictJson.object(StrictJson.parse(StatusJson.of("pri", DECIDING, List.of(web), checks, List.of(sec), statistics())));

        assertEquals("pri", status.get("node"));
        assertEquals(Boolean.TRUE, status.get("deciding"));
        assertTrue(status.containsKey("notDeciding"));
        assertNull(status.get("notDeciding"));
        assertEquals(List.of(), status.get("alarms"));
        Map<String, Object> group = StrictJson.object(StrictJson.array(status.get("groups")).get(0));
        assertEquals("UP", group.get("state"));
        assertEquals("pri", group.get("holder"));
        assertEquals(new BigDecimal(255), group.get("priority"));
        assertEquals("primary", group.get("role"));
        assertEquals(List.of("eth0:198.51.100.10/24", "eth0:2001:db8::10/64"), group.get("vips"));
        assertEquals("2023-11-14T22:13:20Z", group.get("since"));
        assertEquals("UNHEALTHY", group.get("health"));
        assertEquals("http-web: HTTP 503", group.get("healthReason"));
        Map<String, Object> check = StrictJson.object(StrictJson.array(group.get("checks")).get(0));
        assertEquals("http-web", check.get("check"));
        assertEquals(new BigDecimal(3), check.get("failures"));
        assertEquals("HTTP 503", check.get("output"));
        Map<String, Object> peer = StrictJson.object(StrictJson.array(status.get("peers")).get(0));
        assertEquals("sec \"b\"", peer.get("node"));
        assertEquals(Boolean.TRUE, peer.get("anomaly"));
        Map<String, Object> lastBeat = StrictJson.object(peer.get("lastBeatMillis"));
        assertEquals(new BigDecimal(42), lastBeat.get("public"));
        assertTrue(lastBeat.containsKey("private"));
        assertNull(lastBeat.get("private"), "never heard: null");
        assertEquals("STANDBY", StrictJson.object(StrictJson.array(peer.get("announces")).get(0)).get("state"));
        assertEquals(Boolean.FALSE, StrictJson.object(StrictJson.array(peer.get("announces")).get(0)).get("eligible"));
        Map<String, Object> heartbeat = StrictJson.object(status.get("heartbeat"));
        assertEquals(Boolean.TRUE, heartbeat.get("authenticated"));
        assertEquals(new BigDecimal(7), StrictJson.object(heartbeat.get("dropped")).get(HeartbeatStatistics.BAD_MAC));
    }

    @Test
    void heartbeatIsNullWithoutTheHeartbeatBundleAndClaimsNoAuthentication() {
        String json = StatusJson.of("pri", DECIDING, List.of(), List.of(), List.of(), null);
        Map<String, Object> status = StrictJson.object(StrictJson.parse(json));
        assertTrue(status.containsKey("heartbeat"));
        assertNull(status.get("heartbeat"));
        assertFalse(json.contains("authenticated"), json);
        assertEquals(List.of(), status.get("groups"));
    }

    @Test
    void aNodeThatDoesNotDecideSaysWhyAndListsItsAlarms() {
        NodeCondition condition = new NodeCondition(false, "no heartbeat goes out: key file conf/ipfailover.key is missing",
                List.of("two nodes named pri: 198.51.100.2:1694 sends as pri too", "quote\" and newline\n"));

        Map<String, Object> status = StrictJson.object(StrictJson.parse(StatusJson.of("pri", condition, List.of(), List.of(), List.of(), null)));

        assertEquals(Boolean.FALSE, status.get("deciding"));
        assertEquals("no heartbeat goes out: key file conf/ipfailover.key is missing", status.get("notDeciding"));
        assertEquals(condition.alarms(), status.get("alarms"));
        assertEquals("Node pri: NOT DECIDING \u2014 no heartbeat goes out: key file conf/ipfailover.key is missing\n"
                + "ALARM: two nodes named pri: 198.51.100.2:1694 sends as pri too\nALARM: quote\" and newline\n\n",
                StatusTables.condition("pri", condition));
        assertEquals("Node pri: deciding\n", StatusTables.condition("pri", DECIDING));
    }

    @Test
    void withAQuorumTheStatusShowsItAndEachGroupsLease() {
        NodeCondition condition = new NodeCondition(true, "", List.of(),
                new QuorumStatus(false, Instant.parse("2026-12-03T22:00:00Z"), "no server of zk1:2181,zk2:2181 answers"));
        GroupStatus web = new GroupStatus("web", GroupState.TESTING, 254, false, null, List.of(Vip.parse("eth0:198.51.100.10/24")),
                "auto", 1_700_000_000_000L, org.ipfailover.api.Health.HEALTHY, "", "pri", true);

        Map<String, Object> status = StrictJson.object(StrictJson.parse(StatusJson.of("sec", condition, List.of(web), List.of(),
                List.of(), null)));

        Map<String, Object> quorum = StrictJson.object(status.get("quorum"));
        assertEquals(Boolean.FALSE, quorum.get("reachable"));
        assertEquals("2026-12-03T22:00:00Z", quorum.get("since"));
        assertEquals("no server of zk1:2181,zk2:2181 answers", quorum.get("detail"));
        Map<String, Object> lease = StrictJson.object(StrictJson.object(StrictJson.array(status.get("groups")).get(0)).get("lease"));
        assertEquals("pri", lease.get("holder"));
        assertEquals(Boolean.TRUE, lease.get("awaiting"));
        String text = StatusTables.condition("sec", condition) + StatusTables.groups(List.of(web), true);
        assertTrue(text.contains("Quorum: NOT REACHED since "), text);
        assertTrue(text.contains("no server of zk1:2181,zk2:2181 answers"), text);
        assertTrue(text.contains("LEASE") && text.contains("pri (waiting for it)"), text);

        Map<String, Object> without = StrictJson.object(StrictJson.parse(StatusJson.of("sec", DECIDING, List.of(web), List.of(),
                List.of(), null)));
        assertTrue(without.containsKey("quorum"));
        assertNull(without.get("quorum"), "no quorum: null");
        assertNull(StrictJson.object(StrictJson.array(without.get("groups")).get(0)).get("lease"));
        assertFalse(StatusTables.groups(List.of(web)).contains("LEASE"));
    }

    @Test
    void theStrictReaderRejectsWhatIsNotJson() {
        for (String bad : List.of("{\"a\":1,}", "{a:1}", "[1 2]", "\"raw\ttab\"", "{\"a\":01}", "{\"a\":1,\"a\":2}", "[\"\\x\"]",
                "{} {}", "'single'", "[1,]", "")) {
            assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(bad), bad);
        }
    }

    private static HeartbeatStatistics statistics() {
        return new HeartbeatStatistics() {
            @Override
            public Map<String, Long> accepted() {
                return Map.of("public", 10L, "private", 9L);
            }

            @Override
            public Map<String, Long> dropped() {
                return Map.of(HeartbeatStatistics.BAD_MAC, 7L);
            }

            @Override
            public Map<String, Long> sent() {
                return Map.of("public", 11L);
            }

            @Override
            public Map<String, Long> sendFailures() {
                return Map.of();
            }

            @Override
            public boolean authenticated() {
                return true;
            }
        };
    }
}
