package org.ipfailover.json.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.ipfailover.api.quorum.QuorumStatus;

/**
 * {@code failover:status --json}: what monitoring needs, in one JSON object; the status page's
 * {@code /status.json} is the same object with the latest events added.
 */
public final class StatusJson {
    private StatusJson() {
    }

    /**
     * @param heartbeat null when the heartbeat bundle is not running: then {@code "heartbeat": null},
     *        never counters or an authentication that nothing is doing
     */
    public static String of(String node, NodeCondition condition, List<GroupStatus> groups, List<HealthStatus> health,
            List<PeerStatus> peers, HeartbeatStatistics heartbeat) {
        return members(new JsonWriter().beginObject(), node, condition, groups, health, peers, heartbeat).endObject().toString();
    }

    /**
     * Writes the members of {@link #of} into an object the caller opened, and leaves it open for more.
     *
     * @return {@code json}
     */
    public static JsonWriter members(JsonWriter json, String node, NodeCondition condition, List<GroupStatus> groups,
            List<HealthStatus> health, List<PeerStatus> peers, HeartbeatStatistics heartbeat) {
        json.name("node").value(node)
                .name("deciding").value(condition.deciding())
                .name("notDeciding").value(condition.deciding() ? null : condition.reason())
                .name("quorum");
        QuorumStatus quorum = condition.quorum();
        if (quorum == null) {
            json.nullValue();
        } else {
            json.beginObject().name("reachable").value(quorum.reachable()).name("since").value(quorum.since().toString())
                    .name("detail").value(quorum.detail()).endObject();
        }
        json.name("alarms").beginArray();
        for (String alarm : condition.alarms()) {
            json.value(alarm);
        }
        json.endArray().name("groups").beginArray();
        for (GroupStatus group : groups) {
            json.beginObject()
                    .name("group").value(group.group())
                    .name("state").value(group.state().name())
                    .name("holder").value(group.holder())
                    .name("priority").value(group.priority())
                    .name("role").value(group.primary() ? "primary" : "backup")
                    .name("failback").value(group.failback())
                    .name("since").value(Instant.ofEpochMilli(group.since()).toString())
                    .name("health").value(group.health().name())
                    .name("healthReason").value(group.healthReason().isEmpty() ? null : group.healthReason())
                    .name("lease");
            if (quorum == null) {
                json.nullValue();
            } else {
                json.beginObject().name("holder").value(group.leaseHolder()).name("awaiting").value(group.awaitingLease()).endObject();
            }
            json.name("vips").beginArray();
            for (Vip vip : group.addresses()) {
                json.value(vip.toString());
            }
            json.endArray().name("checks").beginArray();
            for (HealthStatus check : health) {
                if (check.group().equals(group.group())) {
                    json.beginObject().name("check").value(check.check()).name("health").value(check.health().name())
                            .name("passes").value(check.passes()).name("failures").value(check.failures())
                            .name("output").value(check.output()).name("since").value(Instant.ofEpochMilli(check.since()).toString())
                            .endObject();
                }
            }
            json.endArray().endObject();
        }
        json.endArray().name("peers").beginArray();
        for (PeerStatus peer : peers) {
            json.beginObject()
                    .name("node").value(peer.node())
                    .name("alive").value(peer.alive())
                    .name("anomaly").value(peer.anomaly())
                    .name("lastBeatMillis").beginObject();
            for (Map.Entry<String, Long> beat : new TreeMap<>(peer.lastBeatMillis()).entrySet()) {
                json.name(beat.getKey());
                if (beat.getValue() < 0) {
                    json.nullValue();
                } else {
                    json.value(beat.getValue());
                }
            }
            json.endObject().name("announces").beginArray();
            for (GroupAnnouncement announcement : peer.groups()) {
                json.beginObject().name("group").value(announcement.group()).name("state").value(announcement.state().name())
                        .name("priority").value(announcement.priority()).name("eligible").value(announcement.eligible()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().name("heartbeat");
        if (heartbeat == null) {
            json.nullValue();
        } else {
            json.beginObject().name("authenticated").value(heartbeat.authenticated());
            counters(json, "sent", heartbeat.sent());
            counters(json, "sendFailures", heartbeat.sendFailures());
            counters(json, "accepted", heartbeat.accepted());
            counters(json, "dropped", heartbeat.dropped());
            json.endObject();
        }
        return json;
    }

    private static void counters(JsonWriter json, String name, Map<String, Long> counters) {
        json.name(name).beginObject();
        for (Map.Entry<String, Long> counter : new TreeMap<>(counters).entrySet()) {
            json.name(counter.getKey()).value(counter.getValue());
        }
        json.endObject();
    }
}
