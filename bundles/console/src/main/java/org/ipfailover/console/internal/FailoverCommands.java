package org.ipfailover.console.internal;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.json.internal.StatusJson;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code failover:} commands that show and steer the detector, also reached through {@code ipfailover ctl}. */
@Component(service = FailoverCommands.class, property = {
    "osgi.command.scope=failover",
    "osgi.command.function=status", "osgi.command.function=peers", "osgi.command.function=groups",
    "osgi.command.function=history", "osgi.command.function=takeover", "osgi.command.function=release",
    "osgi.command.function=fail", "osgi.command.function=recover", "osgi.command.function=reclaim",
    "osgi.command.function=actions", "osgi.command.function=test", "osgi.command.function=health"})
public class FailoverCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile FailoverControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile HeartbeatStatistics heartbeat;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    @Descriptor("whether this node decides and its alarms, its groups, its peers per network, and the heartbeat counters")
    public String status(
            @Descriptor("one JSON object, for monitoring") @Parameter(names = {"-j", "--json"}, presentValue = "true", absentValue = "false")
            boolean json) {
        FailoverControl detector = detector();
        HeartbeatStatistics statistics = heartbeat;
        NodeCondition condition = detector.condition();
        if (json) {
            return StatusJson.of(detector.node(), condition, detector.groups(), detector.health(), detector.peerStatus(), statistics);
        }
        StringBuilder out = new StringBuilder("node ").append(detector.node());
        out.append(statistics == null ? "  (heartbeat not running)" : statistics.authenticated() ? "  auth hmac" : "  auth NONE");
        out.append('\n').append(StatusTables.condition(detector.node(), condition));
        out.append('\n').append(StatusTables.groups(detector.groups(), condition.quorum() != null)).append('\n').append(StatusTables.peers(detector.peerStatus()));
        if (statistics != null) {
            out.append('\n').append(StatusTables.heartbeat(statistics));
        }
        return out.toString();
    }

    @Descriptor("the peers: alive, anomaly, milliseconds since the last beat on each network, what they announce")
    public String peers() {
        return StatusTables.peers(detector().peerStatus());
    }

    @Descriptor("one line per group: state, this node's role and priority, the nodes in priority order, addresses, failback")
    public String groups() {
        return StatusTables.groupOverview(detector().groups(), GroupNodes.of(configAdmin));
    }

    @Descriptor("every check and tracked interface guarding this node's groups: health, passes and failures in a row, since when, last output")
    public String health() {
        return StatusTables.health(detector().health());
    }

    @Descriptor("the checks and tracked interfaces guarding one group")
    public String health(@Descriptor("group") String group) {
        FailoverControl detector = detector();
        if (detector.groups().stream().noneMatch(g -> g.group().equals(group))) {
            throw new IllegalArgumentException("no group named " + group + " on this node (groups: "
                    + detector.groups().stream().map(GroupStatus::group).toList() + ")");
        }
        return StatusTables.health(detector.health().stream().filter(h -> h.group().equals(group)).toList());
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
            table.row(StatusTables.TIME.format(event.time()), event.type(), event.group() != null ? event.group() : event.peer(), change,
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

    @Descriptor("announce the group's addresses again (gratuitous ARP, unsolicited NA) for switches and clients that missed them")
    public String reclaim(@Descriptor("group held by this node") String group) {
        return detector().reclaim(group);
    }

    @Descriptor("every group's pipeline: the actions of each phase in run order, with the bundle that provides each")
    public String actions() {
        FailoverControl detector = detector();
        List<GroupStatus> groups = detector.groups();
        if (groups.isEmpty()) {
            return "no group is configured";
        }
        StringBuilder out = new StringBuilder();
        for (GroupStatus group : groups) {
            out.append(out.length() > 0 ? "\n" : "").append(PipelineReport.pipeline(group, detector.actions(group.group())));
        }
        return out.toString();
    }

    @Descriptor("the group's pipeline: the actions of each phase in run order, with the bundle that provides each")
    public String actions(@Descriptor("group") String group) {
        FailoverControl detector = detector();
        return PipelineReport.pipeline(status(detector, group), detector.actions(group));
    }

    @Descriptor("dry run of a takeover: runs the Test actions and shows what a takeover would do, changing nothing")
    public String test(@Descriptor("group") String group) {
        FailoverControl detector = detector();
        GroupStatus status = status(detector, group);
        return PipelineReport.dryRun(detector.node(), status, detector.test(group), detector.actions(group));
    }

    private static GroupStatus status(FailoverControl detector, String group) {
        return detector.groups().stream().filter(g -> g.group().equals(group)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group named " + group + " on this node"));
    }

    private FailoverControl detector() {
        FailoverControl detector = control;
        if (detector == null) {
            throw new IllegalStateException("the detector is not running (is conf/org.ipfailover.node.cfg there and valid? see the log)");
        }
        return detector;
    }
}
