package org.ipfailover.console.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code failover:} Gogo commands, also reached through {@code ipfailover ctl}. */
@Component(service = FailoverCommands.class, property = {
    "osgi.command.scope=failover",
    "osgi.command.function=status", "osgi.command.function=peers", "osgi.command.function=history",
    "osgi.command.function=takeover", "osgi.command.function=release", "osgi.command.function=fail",
    "osgi.command.function=recover"})
public class FailoverCommands {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile FailoverControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile HeartbeatStatistics heartbeat;

    @Descriptor("this node's groups, its peers per network, and the heartbeat counters")
    public String status() {
        FailoverControl detector = detector();
        StringBuilder out = new StringBuilder("node ").append(detector.node());
        HeartbeatStatistics statistics = heartbeat;
        out.append(statistics == null ? "  (heartbeat not running)" : statistics.authenticated() ? "  auth hmac" : "  auth NONE");
        out.append("\n\n").append(groupTable(detector.groups())).append('\n').append(peerTable(detector.peerStatus()));
        if (statistics != null) {
            out.append('\n').append(new TextTable("HEARTBEAT", "PER NETWORK / REASON")
                    .row("sent", counts(statistics.sent()))
                    .row("send failures", counts(statistics.sendFailures()))
                    .row("accepted", counts(statistics.accepted()))
                    .row("dropped", counts(statistics.dropped())));
        }
        return out.toString();
    }

    @Descriptor("the peers: alive, anomaly, milliseconds since the last beat on each network, what they announce")
    public String peers() {
        return peerTable(detector().peerStatus());
    }

    @Descriptor("the latest 20 events, oldest first")
    public String history() {
        return history(20);
    }

    @Descriptor("the latest events, oldest first")
    public String history(@Descriptor("how many") int n) {
        TextTable table = new TextTable("TIME", "EVENT", "GROUP/PEER", "CHANGE", "REASON");
        for (FailoverEvent event : detector().history(n)) {
            String change = event.from() != null && event.to() != null ? event.from() + "->" + event.to() : "";
            table.row(TIME.format(event.time()), event.type(), event.group() != null ? event.group() : event.peer(), change,
                    event.reason());
        }
        return table.toString();
    }

    @Descriptor("take the group over now, if no other node holds it")
    public String takeover(@Descriptor("group") String group) {
        return detector().takeover(group);
    }

    @Descriptor("release the group held here (manual hand-back); a primary then yields it until recover")
    public String release(@Descriptor("group") String group) {
        return detector().release(group);
    }

    @Descriptor("mark the group failed here: released if held, never taken until recover")
    public String fail(@Descriptor("group") String group) {
        return detector().fail(group);
    }

    @Descriptor("make the group eligible again here (a primary asks for it back)")
    public String recover(@Descriptor("group") String group) {
        return detector().recover(group);
    }

    private FailoverControl detector() {
        FailoverControl detector = control;
        if (detector == null) {
            throw new IllegalStateException("the detector is not running (is conf/org.ipfailover.node.cfg there and valid? see the log)");
        }
        return detector;
    }

    static String groupTable(List<GroupStatus> groups) {
        TextTable table = new TextTable("GROUP", "STATE", "PRIO", "ROLE", "HOLDER", "FAILBACK", "SINCE", "ADDRESSES");
        for (GroupStatus group : groups) {
            table.row(group.group(), group.state(), group.priority(), group.primary() ? "primary" : "backup", group.holder(),
                    group.failback(), TIME.format(Instant.ofEpochMilli(group.since())),
                    group.addresses().stream().map(Vip::toString).collect(Collectors.joining(",")));
        }
        return table.toString();
    }

    static String peerTable(List<PeerStatus> peers) {
        TextTable table = new TextTable("PEER", "ALIVE", "ANOMALY", "LAST BEAT (ms) PER NETWORK", "ANNOUNCES");
        for (PeerStatus peer : peers) {
            String beats = peer.lastBeatMillis().entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() < 0 ? "never" : e.getValue()))
                    .collect(Collectors.joining(" "));
            String announces = peer.groups().stream().map(g -> g.group() + ":" + g.state()).collect(Collectors.joining(" "));
            table.row(peer.node(), peer.alive() ? "yes" : "NO", peer.anomaly() ? "YES" : "no", beats, announces);
        }
        return table.toString();
    }

    private static String counts(Map<String, Long> counters) {
        if (counters.isEmpty()) {
            return "-";
        }
        return counters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
