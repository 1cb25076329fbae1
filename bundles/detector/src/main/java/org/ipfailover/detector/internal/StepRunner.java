package org.ipfailover.detector.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.ipfailover.detector.internal.Step.Effect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a group's step on the decision thread: journals it, tells it, and runs its effect on
 * the group's lane; the effect's outcome comes back through the decision thread as the next step.
 * The journal write, the announcement and the start of the effect wait for the end of the decision
 * thread's burst of work ({@link StepBatch}), in that order.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DetectorSettings settings;
    private final Detector.Services services;
    private final DecisionThread thread;
    private final GroupTable table;
    private final Lanes lanes;
    private final Pipeline pipeline;
    private final StepBatch batch;
    private final Watchdog watchdog;
    private final EventPublisher publisher;
    private final Announcements announcements;
    private final Hearing hearing;
    private final LeaseKeeper leases;
    private final Set<String> pendingReconcile = new LinkedHashSet<>();

    StepRunner(DetectorSettings settings, Detector.Services services, DecisionThread thread, GroupTable table, Lanes lanes,
            Pipeline pipeline, StepBatch batch, Watchdog watchdog, EventPublisher publisher, Announcements announcements,
            Hearing hearing, LeaseKeeper leases) {
        this.settings = settings;
        this.services = services;
        this.thread = thread;
        this.table = table;
        this.lanes = lanes;
        this.pipeline = pipeline;
        this.batch = batch;
        this.watchdog = watchdog;
        this.publisher = publisher;
        this.announcements = announcements;
        this.hearing = hearing;
        this.leases = leases;
    }

    LeaseKeeper leases() {
        return leases;
    }

    void apply(GroupStateMachine machine, Step step) {
        apply(machine, step, List.of());
    }

    void apply(GroupStateMachine machine, Step step, List<ActionResult> results) {
        if (step == Step.NOTHING) {
            leases.sync(machine); // a group found holding its addresses at start asks for its lease
            return;
        }
        String group = machine.settings().name();
        batch.begin();
        try {
            applied(machine, step, results, group);
            leases.sync(machine);
        } finally {
            batch.stepDone();
        }
    }

    private void applied(GroupStateMachine machine, Step step, List<ActionResult> results, String group) {
        if (step.changes()) {
            batch.journal(group, step.to(), machine.keptAcrossRestart(step.from()) || machine.keptAcrossRestart(step.to()));
            watchdog.clear(machine);
        }
        if (step.event() != null) {
            publisher.group(machine, step, results);
        } else if (step.reason() != null) {
            LOG.info("Group {}: {}", group, step.reason());
        }
        for (ActionResult result : results) {
            if (!result.success() && (step.event() == Type.TAKEOVER || step.event() == Type.RELEASE)) {
                publisher.group(machine, new Step(step.to(), step.to(), Effect.NONE, Type.ACTION_FAILED, step.peer(), result.toString()),
                        List.of(result));
            }
        }
        // the batch publishes before it lets the effect start: peers learn of a release (or an acquire) before its actions run
        effect(machine, step.effect());
    }

    /**
     * Runs the step's effect on the group's lane. Its outcome is applied only if the group is still
     * this machine and has not moved on since (a watchdog, a removal, a stop): a late outcome of a
     * group removed mid-acquire releases what it added.
     */
    void effect(GroupStateMachine machine, Effect effect) {
        switch (effect) {
            case NONE -> { }
            case TEST, ACQUIRE, RELEASE -> {
                PipelineRun run = new PipelineRun(machine, effect, run(machine));
                watchdog.watch(machine);
                lanes.run(machine.settings().name(), run);
            }
            case ANNOUNCE, RECONCILE -> announce(machine, effect == Effect.RECONCILE);
        }
    }

    private void tested(GroupStateMachine machine, long since, Pipeline.Outcome outcome) {
        if (!current(machine, since)) {
            return;
        }
        if (announcements.leaving() || !hearing.takesOver()) {
            apply(machine, machine.cancelTest("takeover abandoned: " + (announcements.leaving() ? "the node is stopping"
                    : hearing.notDecidingReason()), Clock.millis()));
            return;
        }
        apply(machine, machine.tested(outcome.success(), outcome.reason(), table.views(machine), Clock.millis()), outcome.results());
        if (machine.awaitingLease()) {
            watchdog.clear(machine); // the wait for the lease is no plugin's: the Test phase is over
        }
    }

    private void acquired(GroupStateMachine machine, long since, Pipeline.Run run, Pipeline.Outcome outcome) {
        String name = run.group().name();
        if (!current(machine, since)) {
            if (outcome.success() && table.get(name) != machine) {
                LOG.debug("Group {}: acquired after it was removed; its release is queued", name);
            }
            return;
        }
        boolean abandoned = outcome.abandoned() || (!outcome.success() && (announcements.leaving() || !hearing.takesOver()));
        apply(machine, machine.acquired(outcome.success(), abandoned, outcome.reason(), Clock.millis()), outcome.results());
        if (machine.state() != GroupState.UP) {
            return;
        }
        if (announcements.leaving()) {
            apply(machine, machine.releaseForStop(Clock.millis()));
        } else if (!run.group().vips().equals(machine.settings().vips())) {
            effect(machine, Effect.RECONCILE); // the configuration changed while the addresses were added
        }
    }

    /** Announces the held addresses again; a reconcile also adds those missing. Waits for a backend. */
    private void announce(GroupStateMachine machine, boolean addMissing) {
        String name = machine.settings().name();
        if (services.backend() == null) {
            pendingReconcile.add(name);
            return;
        }
        Pipeline.Run run = run(machine);
        lanes.run(name, () -> {
            String missing = pipeline.announce(run, addMissing);
            if (missing != null) {
                thread.decide(() -> {
                    if (table.get(name) == machine) {
                        apply(machine, machine.addressesLost("its addresses could not all be put back (" + missing
                                + "): releasing the group so that a peer can serve it", Clock.millis()));
                    }
                });
            }
        });
    }

    /** A network backend came: the held groups that waited for one get their addresses back. */
    void backendArrived() {
        for (String name : List.copyOf(pendingReconcile)) {
            GroupStateMachine machine = table.get(name);
            if (machine != null && machine.state() == GroupState.UP) {
                effect(machine, Effect.RECONCILE);
            }
        }
        pendingReconcile.clear();
    }

    void abandonTests(String reason) {
        for (GroupStateMachine machine : table.all()) {
            if (machine.state() == GroupState.TESTING) {
                watchdog.clear(machine);
                apply(machine, machine.cancelTest("takeover abandoned: " + reason, Clock.millis()));
            }
        }
    }

    /** Whether an outcome still concerns the group: the same machine, in the state the effect was started from. */
    private boolean current(GroupStateMachine machine, long since) {
        return table.isCurrent(machine) && machine.since() == since;
    }

    Pipeline.Run run(GroupStateMachine machine) {
        return new Pipeline.Run(machine.settings(), settings.node(), machine.counterpart(), services.actions(), services.backend());
    }

    /**
     * A Test, acquire or release pipeline on the group's lane, then what came of it on the decision
     * thread: one object, run on each in turn. A pipeline that fails in our own code, or meets a
     * class of a bundle that left mid-run, still ends with an outcome (a failure), after undoing
     * what an acquire may have added. A class rather than lambdas: {@link ClassWarmup} loads it at
     * start, while a lambda is made at its first call, about a millisecond each on a node's first
     * takeover or hand-back.
     */
    private final class PipelineRun implements Runnable, java.util.function.BooleanSupplier {
        private final GroupStateMachine machine;
        private final long since;
        private final Effect effect;
        private final Pipeline.Run run;
        /** Set on the lane; the decision thread's queue hands them over. */
        private boolean ran;
        private Pipeline.Outcome outcome;

        PipelineRun(GroupStateMachine machine, Effect effect, Pipeline.Run run) {
            this.machine = machine;
            this.since = machine.since();
            this.effect = effect;
            this.run = run;
        }

        @Override
        public void run() {
            if (!ran) {
                outcome = onLane();
                ran = true;
                thread.decide(this);
            } else {
                decided();
            }
        }

        private Pipeline.Outcome onLane() {
            String what = effect == Effect.TEST ? "Test" : effect == Effect.ACQUIRE ? "acquire" : "release";
            try {
                return switch (effect) {
                    case TEST -> pipeline.test(run);
                    case ACQUIRE -> pipeline.acquire(run, this);
                    default -> pipeline.release(run);
                };
            } catch (RuntimeException | LinkageError e) {
                LOG.error("The {} pipeline failed", what, e);
                if (effect == Effect.ACQUIRE) {
                    try {
                        pipeline.release(run);
                    } catch (RuntimeException | LinkageError again) {
                        LOG.error("Undoing the failed {} failed too", what, again);
                    }
                }
                return new Pipeline.Outcome(false, "the " + what + " pipeline failed: " + e, List.of());
            }
        }

        /** Whether the acquire may add the addresses now: asked just before it does. */
        @Override
        public boolean getAsBoolean() {
            if (!hearing.takesOver() || announcements.leaving() || !machine.leaseAllowsAcquire()) {
                return false;
            }
            for (PeerView peer : table.views(machine)) {
                if (peer.holds()) {
                    return false;
                }
            }
            return true;
        }

        private void decided() {
            switch (effect) {
                case TEST -> tested(machine, since, outcome);
                case ACQUIRE -> acquired(machine, since, run, outcome);
                default -> {
                    if (current(machine, since)) {
                        apply(machine, machine.released(outcome.success(), outcome.reason(), Clock.millis()), outcome.results());
                    }
                }
            }
        }
    }
}
