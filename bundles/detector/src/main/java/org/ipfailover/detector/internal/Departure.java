package org.ipfailover.detector.internal;

import org.ipfailover.api.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node stops: every group is settled and released, whatever it is doing, within its actions' timeouts. */
final class Departure {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DecisionThread thread;
    private final GroupTable table;
    private final StepRunner steps;
    private final Watchdog watchdog;
    private final Lanes lanes;
    private final Announcements announcements;

    Departure(DecisionThread thread, GroupTable table, StepRunner steps, Watchdog watchdog, Lanes lanes, Announcements announcements) {
        this.thread = thread;
        this.table = table;
        this.steps = steps;
        this.watchdog = watchdog;
        this.lanes = lanes;
        this.announcements = announcements;
    }

    /** @return how long the releases were given (ms) */
    long releaseAll() {
        announcements.leave();
        long budget = thread.call(() -> {
            announcements.publish();
            long longest = 0;
            for (GroupStateMachine machine : table.all()) {
                settle(machine);
                longest = Math.max(longest, watchdog.budgetMillis(machine.settings()));
            }
            return longest;
        });
        LOG.info("Releasing the groups held here: up to {} s for their actions", (budget + 999) / 1000);
        awaitIdle(budget);
        return budget;
    }

    private void settle(GroupStateMachine machine) {
        switch (machine.state()) {
            case UP -> steps.apply(machine, machine.releaseForStop(Clock.millis()));
            case TESTING -> {
                watchdog.clear(machine);
                steps.apply(machine, machine.cancelTest("the node is stopping", Clock.millis()));
            }
            case INIT -> {
                if (machine.resuming()) {
                    steps.apply(machine, machine.releaseForStop(Clock.millis()));
                }
            }
            default -> { } // ACQUIRING is released as soon as it ends; RELEASING goes on
        }
    }

    private void awaitIdle(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            boolean busy = lanes.busy() || thread.call(() -> table.all().stream().anyMatch(m -> m.state().holds()
                    || m.state() == GroupState.TESTING));
            if (!busy) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.error("Groups were still being released when the detector stopped after {} ms: {}", millis,
                thread.call(() -> table.all().stream().filter(m -> m.state() != GroupState.STANDBY && m.state() != GroupState.RECOVER)
                        .map(m -> m.settings().name() + " " + m.state()).toList()));
    }
}
