package org.ipfailover.console.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;

/** The text of {@code actions} (a group's pipeline) and {@code test} (a takeover's dry run). */
final class PipelineReport {
    private PipelineReport() {
    }

    /** @param actions the group's actions in run order, as the detector reports them */
    static String pipeline(GroupStatus group, List<ActionInfo> actions) {
        TextTable table = new TextTable("PHASE", "ACTION", "BUNDLE", "RANKING", "ON FAILURE", "TIMEOUT");
        for (Phase phase : Phase.values()) {
            for (ActionInfo action : inPhase(actions, phase)) {
                table.row(phase, action.name(), action.bundle(), action.ranking(), action.onFailure(), duration(action.timeoutMillis()));
            }
            if (phase == Phase.PRE_ACQUIRE) {
                table.row("ACQUIRE", "add and announce " + StatusTables.addresses(group), "network backend", "-", "abort", "-");
            } else if (phase == Phase.PRE_RELEASE) {
                table.row("RELEASE", "remove " + StatusTables.addresses(group), "network backend", "-", "continue", "-");
            }
        }
        return "group " + group.group() + " (" + group.state() + " here)\n" + table;
    }

    /** @param results the Test phase's outcomes, in run order */
    static String dryRun(String node, GroupStatus group, List<ActionResult> results, List<ActionInfo> actions) {
        StringBuilder text = new StringBuilder("dry run of a takeover of ").append(group.group())
                .append(": the Test phase ran, nothing else did, nothing was changed\n\n");
        if (results.isEmpty()) {
            text.append("TEST: no Test action applies to ").append(group.group()).append(": nothing vetoes a takeover\n");
        } else {
            TextTable tests = new TextTable("TEST", "RESULT", "DETAIL");
            results.forEach(r -> tests.row(r.action(), r.success() ? "ok" : "VETO", r.reason().isEmpty() ? "-" : r.reason()));
            text.append(tests);
        }
        Optional<ActionResult> veto = results.stream().filter(r -> !r.success()).findFirst();
        text.append('\n');
        if (veto.isPresent()) {
            text.append("verdict: VETO by ").append(veto.get().action()).append(": a takeover of ").append(group.group())
                    .append(" would stop here and be tried again later; it would not run:\n");
        } else {
            text.append("verdict: no veto: a takeover of ").append(group.group()).append(" would go on with:\n");
        }
        TextTable steps = new TextTable("PHASE", "WHAT");
        steps.row(Phase.PRE_ACQUIRE, names(inPhase(actions, Phase.PRE_ACQUIRE)));
        for (Vip vip : group.addresses()) {
            steps.row("ACQUIRE", "add " + vip.cidr() + " on " + vip.device() + " and announce it ("
                    + (vip.ipv6() ? "unsolicited neighbour advertisement" : "gratuitous ARP") + ")");
        }
        steps.row(Phase.POST_ACQUIRE, names(inPhase(actions, Phase.POST_ACQUIRE)));
        text.append(steps);
        if (group.state() == GroupState.UP || group.state() == GroupState.ACQUIRING) {
            text.append("\nnote: this node holds ").append(group.group()).append(" already (").append(group.state()).append(")\n");
        } else if (group.holder() != null && !group.holder().equals(node)) {
            text.append("\nnote: ").append(group.holder()).append(" holds ").append(group.group())
                    .append(": a takeover waits until it is dead or releases the group\n");
        }
        return text.toString();
    }

    private static List<ActionInfo> inPhase(List<ActionInfo> actions, Phase phase) {
        return actions.stream().filter(a -> a.phase() == phase).toList();
    }

    private static String names(List<ActionInfo> actions) {
        if (actions.isEmpty()) {
            return "(no action)";
        }
        return actions.stream().map(a -> a.name() + " (" + a.bundle() + ")").collect(Collectors.joining(", then "));
    }

    static String duration(long millis) {
        Duration duration = Duration.ofMillis(millis);
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        return duration.toSeconds() + " s";
    }
}
