package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.Phase;
import org.ipfailover.detector.internal.Step.Effect;

/** The operator's commands and views of the groups; what touches a group runs on the decision thread. */
final class Console {
    private final DetectorSettings settings;
    private final Detector.Services services;
    private final DecisionThread thread;
    private final GroupTable table;
    private final Hearing hearing;
    private final Alarms alarms;
    private final StepRunner steps;
    private final Pipeline pipeline;
    private final ExecutorService pipelines;

    Console(DetectorSettings settings, Detector.Services services, DecisionThread thread, GroupTable table, Hearing hearing,
            Alarms alarms, StepRunner steps, Pipeline pipeline, ExecutorService pipelines) {
        this.settings = settings;
        this.services = services;
        this.thread = thread;
        this.table = table;
        this.hearing = hearing;
        this.alarms = alarms;
        this.steps = steps;
        this.pipeline = pipeline;
        this.pipelines = pipelines;
    }

    String command(String group, String verb) {
        return thread.call(() -> {
            GroupStateMachine machine = table.machine(group);
            long now = Clock.millis();
            if (verb.equals("takeover") && !hearing.takesOver()) {
                throw new IllegalStateException("this node takes nothing over while " + hearing.notDecidingReason());
            }
            Step step = switch (verb) {
                case "takeover" -> machine.takeover(table.views(machine), now);
                case "release" -> machine.release(now);
                case "fail" -> machine.fail(now);
                case "recover" -> machine.recover(now);
                default -> throw new IllegalArgumentException("unknown command " + verb);
            };
            steps.apply(machine, step);
            return group + ": " + step.from() + " -> " + step.to() + " (" + step.reason() + ")";
        });
    }

    List<ActionInfo> actions(String group) {
        GroupSettings configured = thread.call(() -> table.machine(group).settings());
        List<ActionInfo> list = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            for (RankedAction entry : pipeline.inOrder(services.actions(), configured.name(), phase)) {
                String onFailure = phase == Phase.TEST ? "abort" : entry.onFailure().name().toLowerCase(Locale.ROOT);
                list.add(new ActionInfo(phase, entry.name(), entry.ranking(), entry.bundle(), onFailure, entry.timeout().toMillis()));
            }
        }
        return list;
    }

    /** The TEST phase alone, on a pipeline thread; no state changes. */
    List<ActionResult> test(String group) {
        GroupStateMachine machine = thread.call(() -> table.machine(group));
        Pipeline.Run run = thread.call(() -> steps.run(machine));
        try {
            return pipelines.submit(() -> pipeline.test(run).results()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Test phase failed to run: " + e.getCause());
        }
    }

    String reclaim(String group) {
        return thread.call(() -> {
            GroupStateMachine machine = table.machine(group);
            if (machine.state() != GroupState.UP) {
                throw new IllegalStateException("this node does not hold " + group + " (it is " + machine.state() + ")");
            }
            steps.effect(machine, Effect.ANNOUNCE);
            return group + ": announcing " + machine.settings().vips().size() + " address(es) again";
        });
    }

    List<GroupStatus> groups() {
        return thread.call(() -> {
            List<GroupStatus> list = new ArrayList<>();
            for (GroupStateMachine machine : table.all()) {
                GroupSettings group = machine.settings();
                list.add(new GroupStatus(group.name(), machine.state(), group.priority(settings.node()), machine.primary(),
                        table.holder(machine), group.vips(), group.manualFailback() ? "manual" : "auto",
                        System.currentTimeMillis() - (Clock.millis() - machine.since()), machine.health(), machine.healthReason(),
                        steps.leases().holder(group.name()).orElse(null), machine.awaitingLease()));
            }
            return list;
        });
    }

    NodeCondition condition() {
        return thread.call(() -> new NodeCondition(hearing.takesOver(), hearing.takesOver() ? "" : hearing.notDecidingReason(),
                alarms.texts(), steps.leases().quorum()));
    }
}
