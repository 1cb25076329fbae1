package org.ipfailover.console.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Vip;
import org.ipfailover.api.quorum.QuorumStatus;

/** The plain-text tables of {@code status}, {@code peers} and {@code groups}. */
final class StatusTables {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private StatusTables() {
    }

    /**
     * @return "Node pri: deciding" or "Node pri: NOT DECIDING — reason", with a quorum a line "Quorum: reached since …"
     *         or "Quorum: NOT REACHED since … — detail", then one "ALARM: text" line per alarm
     */
    static String condition(String node, NodeCondition condition) {
        StringBuilder text = new StringBuilder("Node ").append(node).append(": ")
                .append(condition.deciding() ? "deciding" : "NOT DECIDING \u2014 " + condition.reason()).append('\n');
        QuorumStatus quorum = condition.quorum();
        if (quorum != null) {
            text.append("Quorum: ").append(quorum.reachable() ? "reached" : "NOT REACHED").append(" since ")
                    .append(TIME.format(quorum.since())).append(" \u2014 ").append(quorum.detail()).append('\n');
        }
        condition.alarms().forEach(alarm -> text.append("ALARM: ").append(alarm).append('\n'));
        return text.toString();
    }

    static String groups(List<GroupStatus> groups) {
        return groups(groups, false);
    }

    /** @param quorum whether a quorum is used: then a LEASE column says who holds each group's lease, and who waits for it */
    static String groups(List<GroupStatus> groups, boolean quorum) {
        TextTable table = quorum
                ? new TextTable("GROUP", "STATE", "PRIO", "ROLE", "HOLDER", "LEASE", "FAILBACK", "SINCE", "ADDRESSES", "HEALTH")
                : new TextTable("GROUP", "STATE", "PRIO", "ROLE", "HOLDER", "FAILBACK", "SINCE", "ADDRESSES", "HEALTH");
        for (GroupStatus group : groups) {
            String since = TIME.format(Instant.ofEpochMilli(group.since()));
            if (quorum) {
                table.row(group.group(), group.state(), group.priority(), role(group), group.holder(), lease(group), group.failback(),
                        since, addresses(group), health(group));
            } else {
                table.row(group.group(), group.state(), group.priority(), role(group), group.holder(), group.failback(), since,
                        addresses(group), health(group));
            }
        }
        return table.toString();
    }

    /** @return the lease's holder ("-" when free or unknown), and "(waiting for it)" while this node's group waits for it */
    static String lease(GroupStatus group) {
        String holder = group.leaseHolder() == null ? "-" : group.leaseHolder();
        return group.awaitingLease() ? holder + " (waiting for it)" : holder;
    }

    /** @return "healthy", or the health and why, e.g. "UNHEALTHY (http-web: HTTP 503)" */
    static String health(GroupStatus group) {
        return group.health() == Health.HEALTHY ? "healthy" : group.health() + " (" + group.healthReason() + ")";
    }

    /** {@code failover:health}: one row per check and tracked interface. */
    static String health(List<HealthStatus> checks) {
        TextTable table = new TextTable("GROUP", "CHECK", "HEALTH", "PASSES", "FAILURES", "SINCE", "LAST OUTPUT");
        for (HealthStatus check : checks) {
            table.row(check.group(), check.check(), check.health(), check.passes(), check.failures(),
                    TIME.format(Instant.ofEpochMilli(check.since())), check.output());
        }
        return table.toString();
    }

    /** @param nodes per group, its node ids in priority order; a group missing here shows "?" */
    static String groupOverview(List<GroupStatus> groups, Map<String, List<String>> nodes) {
        TextTable table = new TextTable("GROUP", "STATE", "ROLE", "PRIO", "NODES", "VIPS", "FAILBACK");
        for (GroupStatus group : groups) {
            List<String> ids = nodes.get(group.group());
            table.row(group.group(), group.state(), role(group), group.priority(), ids == null ? "?" : String.join(",", ids),
                    addresses(group), group.failback());
        }
        return table.toString();
    }

    static String peers(List<PeerStatus> peers) {
        TextTable table = new TextTable("PEER", "ALIVE", "ANOMALY", "LAST BEAT (ms) PER NETWORK", "ANNOUNCES");
        for (PeerStatus peer : peers) {
            String beats = peer.lastBeatMillis().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + (e.getValue() < 0 ? "never" : e.getValue()))
                    .collect(Collectors.joining(" "));
            String announces = peer.groups().stream().map(g -> g.group() + ":" + g.state() + (g.eligible() ? "" : "(not eligible)"))
                    .collect(Collectors.joining(" "));
            table.row(peer.node(), peer.alive() ? "yes" : "NO", peer.anomaly() ? "YES" : "no", beats, announces);
        }
        return table.toString();
    }

    static String heartbeat(HeartbeatStatistics statistics) {
        return new TextTable("HEARTBEAT", "PER NETWORK / REASON")
                .row("sent", counts(statistics.sent()))
                .row("send failures", counts(statistics.sendFailures()))
                .row("accepted", counts(statistics.accepted()))
                .row("dropped", counts(statistics.dropped()))
                .toString();
    }

    static String addresses(GroupStatus group) {
        return group.addresses().stream().map(Vip::toString).collect(Collectors.joining(","));
    }

    private static String role(GroupStatus group) {
        return group.primary() ? "primary" : "backup";
    }

    private static String counts(Map<String, Long> counters) {
        if (counters.isEmpty()) {
            return "-";
        }
        return counters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
