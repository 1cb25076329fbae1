package org.ipfailover.notify.mail.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Vip;

/** Events as the detector publishes them on the backup sec of group web (primary pri). */
final class Events {
    static final Instant TIME = Instant.parse("2026-11-22T20:47:03.250Z");
    static final List<Vip> VIPS = List.of(Vip.parse("eth0:198.51.100.10/24"));

    private Events() {
    }

    static FailoverEvent takeover() {
        return FailoverEvent.of(Type.TAKEOVER, TIME, "sec").group("web").peer("pri").from(GroupState.ACQUIRING).to(GroupState.UP)
                .holder("sec").addresses(VIPS).peerNetworks(Map.of("public", false, "private", false))
                .results(List.of(ActionResult.ok("mount", "/Volumes/Shared mounted"), ActionResult.failed("services", "afp: exit status 3")))
                .reason("eth0:198.51.100.10/24 added on iproute2").build();
    }

    static FailoverEvent of(Type type) {
        return switch (type) {
            case TAKEOVER -> takeover();
            case RELEASE -> FailoverEvent.of(type, TIME, "sec").group("web").peer("pri").from(GroupState.RELEASING).to(GroupState.STANDBY)
                    .holder("pri").addresses(VIPS).peerNetworks(Map.of("public", true, "private", true))
                    .results(List.of(ActionResult.ok("services", "stopped"))).reason("eth0:198.51.100.10/24 removed").build();
            case TAKEOVER_FAILED -> FailoverEvent.of(type, TIME, "sec").group("web").peer("pri").from(GroupState.ACQUIRING)
                    .to(GroupState.STANDBY).addresses(VIPS).peerNetworks(Map.of("public", false, "private", false))
                    .results(List.of(ActionResult.failed("netif", "RTNETLINK answers: File exists")))
                    .reason("netif: RTNETLINK answers: File exists").build();
            case TEST_VETO -> FailoverEvent.of(type, TIME, "sec").group("web").peer("pri").from(GroupState.TESTING).to(GroupState.STANDBY)
                    .addresses(VIPS).peerNetworks(Map.of("public", false, "private", false))
                    .results(List.of(ActionResult.failed("Test", "198.51.100.10 answers ping"))).reason("Test: 198.51.100.10 answers ping")
                    .build();
            case ACTION_FAILED -> FailoverEvent.of(type, TIME, "sec").group("web").peer("pri").from(GroupState.UP).to(GroupState.UP)
                    .holder("sec").addresses(VIPS).peerNetworks(Map.of("public", false, "private", false))
                    .results(List.of(ActionResult.failed("services", "afp: exit status 3"))).reason("services FAILED: afp: exit status 3")
                    .build();
            case RECLAIM -> FailoverEvent.of(type, TIME, "sec").group("web").peer("pri").from(GroupState.UP).to(GroupState.RELEASING)
                    .holder("pri").addresses(VIPS).peerNetworks(Map.of("public", true, "private", true))
                    .reason("pri holds the group too and has the higher priority: releasing it").build();
            case STATE_CHANGED -> FailoverEvent.of(type, TIME, "sec").group("web").from(GroupState.INIT).to(GroupState.STANDBY)
                    .addresses(VIPS).reason("listened to the peers").build();
            case ANOMALY -> anomaly(TIME);
            case ANOMALY_CLEARED -> cleared(TIME);
            case PEER_LOST -> FailoverEvent.of(type, TIME, "sec").peer("pri").peerNetworks(Map.of("public", false, "private", false))
                    .reason("pri is silent on every network for 1500 ms").build();
            case PEER_FOUND -> FailoverEvent.of(type, TIME, "sec").peer("pri").peerNetworks(Map.of("public", true, "private", true))
                    .reason("pri is heard again").build();
            case ALARM -> FailoverEvent.of(type, TIME, "sec").peer("pri").peerNetworks(Map.of("public", true, "private", true))
                    .reason("forged beats: datagrams claim to come from pri but fail authentication").build();
            case ALARM_CLEARED -> FailoverEvent.of(type, TIME, "sec").peer("pri").peerNetworks(Map.of("public", true, "private", true))
                    .reason("forged beats: none for a dead time").build();
            case NOT_DECIDING -> FailoverEvent.of(type, TIME, "sec").reason("no heartbeat goes out: the key file is readable by others")
                    .build();
            case DECIDING -> FailoverEvent.of(type, TIME, "sec").reason("the heartbeat goes out again").build();
            case HEALTH_FAILED -> FailoverEvent.of(type, TIME, "sec").group("web").addresses(VIPS).check("http-web")
                    .output("connection refused").reason("failed 2 times in a row: handing the group to pri").build();
            case HEALTH_RECOVERED -> FailoverEvent.of(type, TIME, "sec").group("web").addresses(VIPS).check("http-web")
                    .output("HTTP 200").reason("passed 2 times in a row").build();
            case QUORUM_LOST -> FailoverEvent.of(type, TIME, "sec")
                    .reason("zookeeper: connection to 198.51.100.21:2181 lost; keeping what it holds (onQuorumLoss = keep)").build();
            case QUORUM_REGAINED -> FailoverEvent.of(type, TIME, "sec").reason("zookeeper: connected to 198.51.100.22:2181").build();
        };
    }

    static FailoverEvent changed(GroupState from, GroupState to, String reason) {
        return FailoverEvent.of(Type.STATE_CHANGED, TIME, "sec").group("web").peer("pri").from(from).to(to).addresses(VIPS)
                .peerNetworks(Map.of("public", false, "private", false)).reason(reason).build();
    }

    static FailoverEvent anomaly(Instant time) {
        return FailoverEvent.of(Type.ANOMALY, time, "sec").peer("pri").peerNetworks(Map.of("public", true, "private", false))
                .reason("pri is silent on private but heard on the others: no takeover").build();
    }

    static FailoverEvent cleared(Instant time) {
        return FailoverEvent.of(Type.ANOMALY_CLEARED, time, "sec").peer("pri").peerNetworks(Map.of("public", true, "private", true))
                .reason("pri is heard on every network again").build();
    }
}
