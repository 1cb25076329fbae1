package org.ipfailover.status.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.ipfailover.json.internal.StatusJson;
import org.ipfailover.test.support.StrictJson;
import org.junit.jupiter.api.Test;

/** /status.json: failover:status --json's object, member for member, with the time and the latest events added. */
class StatusDocumentTest {
    private static final String AWKWARD = "</td><script>alert(\"x\")</script> \\ line\nbreak \u2028 é";
    private static final NodeCondition CONDITION = new NodeCondition(false, "no heartbeat goes out", List.of(AWKWARD));
    private static final List<GroupStatus> GROUPS = List.of(new GroupStatus("web", GroupState.UP, 254, false, "sec",
            List.of(Vip.parse("eth0:198.51.100.10/24")), "auto", 1_000));
    private static final List<PeerStatus> PEERS = List.of(new PeerStatus("pri", false, false, Map.of("public", 412L, "private", -1L),
            List.of(new GroupAnnouncement("web", GroupState.UP, 255))));

    @Test
    void theStatusOfTheConsoleWithTimeAndEvents() {
        Instant at = Instant.parse("2026-12-03T19:00:00.123Z");
        List<FailoverEvent> events = List.of(
                FailoverEvent.of(Type.PEER_LOST, at, "sec").peer("pri").reason("pri is silent on every network").build(),
                FailoverEvent.of(Type.TAKEOVER, at.plusMillis(40), "sec").group("web").from(GroupState.ACQUIRING)
                        .to(GroupState.UP).holder("sec").reason(AWKWARD).build());

        Map<String, Object> document = StrictJson.object(StrictJson.parse(
                StatusDocument.of("sec", CONDITION, GROUPS, List.of(), PEERS, null, events, 1_796_000_000_000L)));
        Map<String, Object> console = StrictJson.object(StrictJson.parse(StatusJson.of("sec", CONDITION, GROUPS, List.of(), PEERS, null)));

        Map<String, Object> same = new LinkedHashMap<>(document);
        assertEquals(new BigDecimal(1_796_000_000_000L), same.remove("time"));
        List<Object> written = StrictJson.array(same.remove("events"));
        assertEquals(console, same);
        assertEquals(List.of(AWKWARD), document.get("alarms"));

        assertEquals(2, written.size());
        Map<String, Object> lost = StrictJson.object(written.get(0));
        assertEquals("PEER_LOST", lost.get("type"));
        assertEquals("pri", lost.get("peer"));
        assertEquals(null, lost.get("group"));
        Map<String, Object> takeover = StrictJson.object(written.get(1));
        assertEquals("2026-12-03T19:00:00.163Z", takeover.get("time"));
        assertEquals("ACQUIRING", takeover.get("from"));
        assertEquals("UP", takeover.get("to"));
        assertEquals("sec", takeover.get("holder"));
        assertEquals(AWKWARD, takeover.get("reason"));
    }

    @Test
    void withoutTheDetectorOnlyTheTime() {
        assertEquals(Map.of("time", new BigDecimal(5), "detector", false),
                StrictJson.object(StrictJson.parse(StatusDocument.noDetector(5))));
    }
}
