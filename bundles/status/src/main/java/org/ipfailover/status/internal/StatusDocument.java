package org.ipfailover.status.internal;

import java.util.List;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.json.internal.JsonWriter;
import org.ipfailover.json.internal.StatusJson;

/**
 * {@code /status.json}: the object of {@code failover:status --json} with the latest events added
 * ({@code events}, oldest first) and the time it was made ({@code time}, epoch milliseconds).
 */
final class StatusDocument {
    static final int EVENTS = 20;

    private StatusDocument() {
    }

    /**
     * @param control the detector
     * @param heartbeat the heartbeat's counters, or null while the heartbeat bundle is not running
     * @param now the time to report, epoch milliseconds
     */
    static String of(FailoverControl control, HeartbeatStatistics heartbeat, long now) {
        return of(control.node(), control.condition(), control.groups(), control.health(), control.peerStatus(), heartbeat,
                control.history(EVENTS), now);
    }

    static String of(String node, NodeCondition condition, List<GroupStatus> groups, List<HealthStatus> health,
            List<PeerStatus> peers, HeartbeatStatistics heartbeat, List<FailoverEvent> events, long now) {
        JsonWriter json = new JsonWriter().beginObject().name("time").value(now);
        StatusJson.members(json, node, condition, groups, health, peers, heartbeat);
        json.name("events").beginArray();
        for (FailoverEvent event : events) {
            event(json, event);
        }
        return json.endArray().endObject().toString();
    }

    private static void event(JsonWriter json, FailoverEvent event) {
        json.beginObject()
                .name("type").value(event.type().name())
                .name("time").value(event.time().toString())
                .name("group").value(event.group())
                .name("peer").value(event.peer())
                .name("from").value(event.from() != null ? event.from().name() : null)
                .name("to").value(event.to() != null ? event.to().name() : null)
                .name("holder").value(event.holder())
                .name("check").value(event.check())
                .name("reason").value(event.reason())
                .endObject();
    }

    /** @return the answer while the detector is not running */
    static String noDetector(long now) {
        return new JsonWriter().beginObject().name("time").value(now).name("detector").value(false).endObject().toString();
    }
}
