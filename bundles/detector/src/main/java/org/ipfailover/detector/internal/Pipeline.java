package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.detector.internal.Guard.PluginFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the phases of a takeover or a release: the actions, each under its timeout, around the
 * backend's address changes, each under {@link #BACKEND_MILLIS}. Release phases run the actions in
 * the reverse of the acquire order. Every call into an action or the backend goes through the
 * {@link Guard}, so a run always ends with an outcome.
 *
 * <p>Longer than our classes usually are: the acquire, release, re-add and announce runs share
 * their guarded backend calls and the rule that an abandoned acquire is undone.
 */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final String BACKEND = "network";
    /** How long one backend call (add, remove or announce one address; read an interface) may take. */
    static final long BACKEND_MILLIS = 10_000;

    /**
     * @param abandoned the takeover was given up because another node holds the group after all
     */
    record Outcome(boolean success, boolean abandoned, String reason, List<ActionResult> results) {
        Outcome(boolean success, String reason, List<ActionResult> results) {
            this(success, false, reason, results);
        }
    }

    /** What one run works on: the group, this node, the peer, and the services as they are now. */
    record Run(GroupSettings group, String node, String peer, List<RankedAction> actions, NetworkBackend backend) {
    }

    private final Guard guard;
    private final Guard backendGuard;
    /** Weak, as the names: an action or backend replaced by a bundle update must not be kept with its class loader. */
    private final java.util.Map<Object, java.time.Duration> timeouts = new java.util.WeakHashMap<>();
    private final java.util.Map<NetworkBackend, String> names = new java.util.WeakHashMap<>();

    Pipeline(Guard guard) {
        this(guard, guard);
    }

    /**
     * @param backendGuard for the backend's calls: a few threads of their own, so that 256 groups
     *        moving at once queue their thousand address changes there rather than make a thread
     *        each that competes for the cores with the heartbeat's threads
     */
    Pipeline(Guard guard, Guard backendGuard) {
        this.guard = guard;
        this.backendGuard = backendGuard;
    }

    /** @return the backend's name, asked once through the guard (a backend whose name() fails is named by its class) */
    String nameOf(NetworkBackend backend) {
        synchronized (names) {
            String known = names.get(backend);
            if (known != null) {
                return known;
            }
        }
        String name = guard.callOr("the network backend's name()", RankedAction.DESCRIBE_MILLIS, backend::name,
                backend.getClass().getName(), problem -> LOG.warn("Network backend {}: {}", backend.getClass().getName(), problem));
        synchronized (names) {
            names.put(backend, name);
        }
        return name;
    }

    /** @return the timeout the action said it has the last time it was asked, or null */
    java.time.Duration lastTimeout(Object action) {
        synchronized (timeouts) {
            return timeouts.get(action);
        }
    }

    /** The Test actions, after checking that this host has every address's interface. */
    Outcome test(Run run) {
        List<ActionResult> results = new ArrayList<>();
        String missing = missingInterfaces(run);
        if (missing != null) {
            ActionResult result = ActionResult.failed(BACKEND, missing);
            results.add(result);
            return new Outcome(false, "Test " + result, results);
        }
        for (RankedAction action : actions(run, Phase.TEST)) {
            ActionResult result = execute(action, run, Phase.TEST);
            results.add(result);
            if (!result.success()) {
                return new Outcome(false, "Test " + result, results);
            }
        }
        return new Outcome(true, results.isEmpty() ? "no Test action" : "tests passed", results);
    }

    /** @param clear asked just before the addresses are added: false when a peer announces it holds them */
    Outcome acquire(Run run, BooleanSupplier clear) {
        List<ActionResult> results = new ArrayList<>();
        String failure = phase(run, Phase.PRE_ACQUIRE, results);
        boolean abandoned = false;
        if (failure == null && !clear.getAsBoolean()) {
            failure = "another node announced it holds the group: not adding its addresses";
            abandoned = true;
        }
        if (failure == null && run.backend() == null) {
            failure = "no network backend is available";
        }
        if (failure == null) {
            failure = addAddresses(run, results);
        }
        if (failure == null) {
            failure = phase(run, Phase.POST_ACQUIRE, results);
        }
        if (failure == null) {
            return new Outcome(true, describe(run.group().vips()) + " added on " + nameOf(run.backend()), results);
        }
        LOG.warn("Group {}: takeover {} ({}); undoing it", run.group().name(), abandoned ? "abandoned" : "failed", failure);
        release(run, results);
        return new Outcome(false, abandoned, failure, results);
    }

    /** Always tries to remove the addresses; success means they are gone. */
    Outcome release(Run run) {
        return release(run, new ArrayList<>());
    }

    private Outcome release(Run run, List<ActionResult> results) {
        phase(run, Phase.PRE_RELEASE, results);
        boolean removed = removeAddresses(run, run.group().vips(), results);
        phase(run, Phase.POST_RELEASE, results);
        String reason = removed ? describe(run.group().vips()) + " removed" : "addresses could not be removed";
        return new Outcome(removed, reason, results);
    }

    /** Removes addresses without running any action (a configuration change dropped them). */
    boolean removeAddresses(Run run, List<Vip> vips, List<ActionResult> results) {
        if (run.backend() == null) {
            results.add(ActionResult.failed(BACKEND, "no network backend is available to remove the addresses"));
            return false;
        }
        boolean removed = true;
        for (Vip vip : vips) {
            try {
                backendGuard.call(nameOf(run.backend()) + ": removing " + vip, BACKEND_MILLIS,
                        new BackendCall(run.backend(), BackendCall.Op.REMOVE, vip));
            } catch (PluginFailure e) {
                results.add(ActionResult.failed(BACKEND, e.getMessage()));
                removed = false;
            }
        }
        return removed;
    }

    /**
     * Adds any missing address (when {@code addMissing}) and announces them all, running no action.
     *
     * @return null when every address is in place, else what is missing
     */
    String announce(Run run, boolean addMissing) {
        NetworkBackend backend = run.backend();
        String failure = null;
        for (Vip vip : run.group().vips()) {
            try {
                if (addMissing) {
                    backendGuard.call(nameOf(backend) + ": re-adding " + vip, BACKEND_MILLIS, new BackendCall(backend, BackendCall.Op.ADD, vip));
                }
            } catch (PluginFailure e) {
                LOG.error("Group {}: {}", run.group().name(), e.getMessage());
                failure = failure == null ? e.getMessage() : failure + "; " + e.getMessage();
                continue;
            }
            try {
                backendGuard.call(nameOf(backend) + ": announcing " + vip, BACKEND_MILLIS, new BackendCall(backend, BackendCall.Op.ANNOUNCE, vip));
            } catch (PluginFailure e) {
                LOG.error("Group {}: {}", run.group().name(), e.getMessage());
            }
        }
        return failure;
    }

    private String addAddresses(Run run, List<ActionResult> results) {
        for (Vip vip : run.group().vips()) {
            try {
                backendGuard.call(nameOf(run.backend()) + ": adding " + vip, BACKEND_MILLIS,
                        new BackendCall(run.backend(), BackendCall.Op.ADD, vip));
            } catch (PluginFailure e) {
                ActionResult failed = ActionResult.failed(BACKEND, e.getMessage());
                results.add(failed);
                return failed.toString();
            }
        }
        for (Vip vip : run.group().vips()) {
            try {
                backendGuard.call(nameOf(run.backend()) + ": announcing " + vip, BACKEND_MILLIS,
                        new BackendCall(run.backend(), BackendCall.Op.ANNOUNCE, vip));
            } catch (PluginFailure e) {
                results.add(ActionResult.failed(BACKEND, e.getMessage()));
            }
        }
        return null;
    }

    /**
     * Reads what a takeover reads first, changing nothing (whether the interfaces are there, which
     * actions serve the Test phase and in what order), so that a node's first takeover after it
     * starts does not also load and link this code: that cost about 10 ms of a cold hand-back.
     */
    void rehearse(Run run) {
        missingInterfaces(run);
        inOrder(run.actions(), run.group().name(), Phase.TEST);
    }

    /** @return which addresses name an interface this host lacks, or null when all are there (or it cannot tell) */
    String missingInterfaces(Run run) {
        NetworkBackend backend = run.backend();
        if (backend == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        java.util.Map<String, Boolean> present = new java.util.HashMap<>(); // each interface asked once, however many addresses it has
        for (Vip vip : run.group().vips()) {
            Boolean there = present.get(vip.device());
            if (there == null) {
                try {
                    there = backendGuard.call(nameOf(backend) + ": looking for " + vip.device(), BACKEND_MILLIS,
                            new BackendCall(backend, BackendCall.Op.LOOK, vip));
                } catch (PluginFailure e) {
                    LOG.warn("Group {}: {}", run.group().name(), e.getMessage());
                    there = Boolean.TRUE;
                }
                present.put(vip.device(), there);
            }
            if (!there) {
                missing.add(vip + " (no interface " + vip.device() + " on this host)");
            }
        }
        return missing.isEmpty() ? null : "cannot serve " + String.join(", ", missing);
    }

    /** @return the failure that aborts the transition, or null */
    private String phase(Run run, Phase phase, List<ActionResult> results) {
        for (RankedAction action : actions(run, phase)) {
            ActionResult result = execute(action, run, phase);
            results.add(result);
            if (!result.success() && !phase.release() && action.onFailure() == OnFailure.ABORT) {
                return phase + " " + result;
            }
        }
        return null;
    }

    private List<RankedAction> actions(Run run, Phase phase) {
        return inOrder(run.actions(), run.group().name(), phase);
    }

    /** @return the actions that serve the phase for the group, in the order the phase runs them */
    List<RankedAction> inOrder(List<RankedAction> actions, String group, Phase phase) {
        List<RankedAction> ranked = new ArrayList<>();
        for (RankedAction action : actions) {
            RankedAction known = action.described(guard);
            if (known.problem() != null) {
                LOG.warn("Action {} ({}): {}", known.name(), known.bundle(), known.problem());
            }
            synchronized (timeouts) {
                timeouts.put(action.action(), known.timeout());
            }
            ranked.add(known);
        }
        ranked.sort(RankedAction.ACQUIRE_ORDER);
        if (phase.release()) {
            Collections.reverse(ranked);
        }
        List<RankedAction> result = new ArrayList<>();
        for (RankedAction entry : ranked) {
            if (!entry.phases().contains(phase)) {
                continue;
            }
            boolean applies = guard.callOr(entry.name() + ".appliesTo(" + group + ")", RankedAction.DESCRIBE_MILLIS,
                    () -> entry.action().appliesTo(group), Boolean.FALSE,
                    problem -> LOG.warn("Action {} could not say whether it serves {}: {}", entry.name(), group, problem));
            if (applies) {
                result.add(entry);
            }
        }
        return result;
    }

    private ActionResult execute(RankedAction action, Run run, Phase phase) {
        String name = action.name();
        long timeout = action.timeout().toMillis();
        ActionContext context = new ActionContext(run.group().name(), phase, run.group().vips(), run.node(), run.peer(),
                action.timeout());
        ActionResult result;
        long started = System.nanoTime();
        try {
            result = guard.call(name, timeout, () -> action.action().run(context));
            if (result == null) {
                result = ActionResult.failed(name, "returned no result");
            }
        } catch (PluginFailure e) {
            String message = e.getMessage().startsWith(name + ": ") ? e.getMessage().substring(name.length() + 2) : e.getMessage();
            result = ActionResult.failed(name, message.startsWith("no answer within") ? "timed out after " + timeout + " ms" : message);
        }
        result = result.withMillis((System.nanoTime() - started) / 1_000_000L);
        if (result.success()) {
            LOG.info("Group {}: {} {}", run.group().name(), phase, result);
        } else {
            LOG.warn("Group {}: {} {}", run.group().name(), phase, result);
        }
        return result;
    }

    private static String describe(List<Vip> vips) {
        if (vips.isEmpty()) {
            return "no address";
        }
        StringBuilder text = new StringBuilder();
        for (Vip vip : vips) {
            text.append(text.length() == 0 ? "" : ", ").append(vip);
        }
        return text.toString();
    }

    /**
     * One call of the backend on the takeover and hand-back paths. A class rather than lambdas:
     * {@link ClassWarmup} loads it at start, while a lambda is made at its first call, about a
     * millisecond each on a node's first takeover.
     */
    private static final class BackendCall implements Guard.Call<Boolean> {
        enum Op { ADD, REMOVE, ANNOUNCE, LOOK }

        private final NetworkBackend backend;
        private final Op what;
        private final Vip vip;

        BackendCall(NetworkBackend backend, Op what, Vip vip) {
            this.backend = backend;
            this.what = what;
            this.vip = vip;
        }

        @Override
        public Boolean call() throws Exception {
            switch (what) {
                case ADD -> backend.acquire(vip);
                case REMOVE -> backend.release(vip);
                case ANNOUNCE -> backend.announce(vip);
                case LOOK -> {
                    return backend.hasInterface(vip.device());
                }
            }
            return Boolean.TRUE;
        }
    }
}
