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
        return new FailoverEvent(Type.TAKEOVER, TIME, "sec", "web", "pri", GroupState.ACQUIRING, GroupState.UP, "sec", VIPS,
                Map.of("public", false, "private", false),
                List.of(ActionResult.ok("mount", "/Volumes/Shared mounted"), ActionResult.failed("services", "afp: exit status 3")),
                "eth0:198.51.100.10/24 added on iproute2");
    }

    static FailoverEvent of(Type type) {
        return switch (type) {
            case TAKEOVER -> takeover();
            case RELEASE -> new FailoverEvent(type, TIME, "sec", "web", "pri", GroupState.RELEASING, GroupState.STANDBY, "pri", VIPS,
                    Map.of("public", true, "private", true), List.of(ActionResult.ok("services", "stopped")),
                    "eth0:198.51.100.10/24 removed");
            case TAKEOVER_FAILED -> new FailoverEvent(type, TIME, "sec", "web", "pri", GroupState.ACQUIRING, GroupState.STANDBY, null,
                    VIPS, Map.of("public", false, "private", false), List.of(ActionResult.failed("netif", "RTNETLINK answers: File exists")),
                    "netif: RTNETLINK answers: File exists");
            case TEST_VETO -> new FailoverEvent(type, TIME, "sec", "web", "pri", GroupState.TESTING, GroupState.STANDBY, null, VIPS,
                    Map.of("public", false, "private", false), List.of(ActionResult.failed("Test", "198.51.100.10 answers ping")),
                    "Test: 198.51.100.10 answers ping");
            case ACTION_FAILED -> new FailoverEvent(type, TIME, "sec", "web", "pri", GroupState.UP, GroupState.UP, "sec", VIPS,
                    Map.of("public", false, "private", false), List.of(ActionResult.failed("services", "afp: exit status 3")),
                    "services FAILED: afp: exit status 3");
            case RECLAIM -> new FailoverEvent(type, TIME, "sec", "web", "pri", GroupState.UP, GroupState.RELEASING, "pri", VIPS,
                    Map.of("public", true, "private", true), List.of(), "pri holds the group too and has the higher priority: releasing it");
            case STATE_CHANGED -> new FailoverEvent(type, TIME, "sec", "web", null, GroupState.INIT, GroupState.STANDBY, null, VIPS,
                    Map.of(), List.of(), "listened to the peers");
            case ANOMALY -> anomaly(TIME);
            case ANOMALY_CLEARED -> cleared(TIME);
            case PEER_LOST -> new FailoverEvent(type, TIME, "sec", null, "pri", null, null, null, List.of(),
                    Map.of("public", false, "private", false), List.of(), "pri is silent on every network for 1500 ms");
            case PEER_FOUND -> new FailoverEvent(type, TIME, "sec", null, "pri", null, null, null, List.of(),
                    Map.of("public", true, "private", true), List.of(), "pri is heard again");
            case ALARM -> new FailoverEvent(type, TIME, "sec", null, "pri", null, null, null, List.of(),
                    Map.of("public", true, "private", true), List.of(), "forged beats: datagrams claim to come from pri but fail authentication");
            case ALARM_CLEARED -> new FailoverEvent(type, TIME, "sec", null, "pri", null, null, null, List.of(),
                    Map.of("public", true, "private", true), List.of(), "forged beats: none for a dead time");
            case NOT_DECIDING -> new FailoverEvent(type, TIME, "sec", null, null, null, null, null, List.of(),
                    Map.of(), List.of(), "no heartbeat goes out: the key file is readable by others");
            case DECIDING -> new FailoverEvent(type, TIME, "sec", null, null, null, null, null, List.of(),
                    Map.of(), List.of(), "the heartbeat goes out again");
        };
    }

    static FailoverEvent changed(GroupState from, GroupState to, String reason) {
        return new FailoverEvent(Type.STATE_CHANGED, TIME, "sec", "web", "pri", from, to, null, VIPS,
                Map.of("public", false, "private", false), List.of(), reason);
    }

    static FailoverEvent anomaly(Instant time) {
        return new FailoverEvent(Type.ANOMALY, time, "sec", null, "pri", null, null, null, List.of(),
                Map.of("public", true, "private", false), List.of(), "pri is silent on private but heard on the others: no takeover");
    }

    static FailoverEvent cleared(Instant time) {
        return new FailoverEvent(Type.ANOMALY_CLEARED, time, "sec", null, "pri", null, null, null, List.of(),
                Map.of("public", true, "private", true), List.of(), "pri is heard on every network again");
    }
}
