package org.ipfailover.detector.internal;

import org.ipfailover.api.GroupState;
import org.ipfailover.detector.internal.Step.Effect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks every group's state machine what to do now, on the decision thread, once the peers may be judged. */
final class GroupDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final Deadlines deadlines;
    private final GroupTable table;
    private final KernelLook kernel;
    private final StepRunner steps;
    private final Hearing hearing;
    private final LeaseKeeper leases;
    private volatile boolean stopping;

    GroupDecisions(Deadlines deadlines, GroupTable table, KernelLook kernel, StepRunner steps, Hearing hearing, LeaseKeeper leases) {
        this.deadlines = deadlines;
        this.table = table;
        this.kernel = kernel;
        this.steps = steps;
        this.hearing = hearing;
        this.leases = leases;
    }

    /** The detector stops: nothing more is decided, but what stopping itself asks. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    void decideAll() {
        if (stopping || !deadlines.judging(Clock.nanos())) {
            return;
        }
        if (deadlines.takeReannounce()) {
            for (GroupStateMachine machine : table.all()) {
                if (machine.state() == GroupState.UP) {
                    LOG.info("Group {}: announcing its addresses again after this node's pause", machine.settings().name());
                    steps.effect(machine, Effect.ANNOUNCE);
                }
            }
        }
        if (deadlines.sinceStartMillis() >= KernelLook.BACKEND_WAIT_MILLIS) {
            kernel.backendWaitOver();
        }
        leases.review();
        boolean mayTakeOver = hearing.takesOver() && leases.mayTakeOver();
        for (GroupStateMachine machine : table.all()) {
            GroupState state = machine.state();
            if (state == GroupState.INIT && kernel.pending(machine)) {
                continue; // it does not know yet what this host holds: keep listening
            }
            if (!mayTakeOver && (state == GroupState.STANDBY || state == GroupState.RECOVER)) {
                continue; // a node that is not heard, not alone with its id, or without its quorum takes nothing over
            }
            steps.apply(machine, machine.evaluate(table.views(machine), Clock.millis()));
        }
    }
}
