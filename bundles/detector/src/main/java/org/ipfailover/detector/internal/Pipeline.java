package org.ipfailover.detector.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the phases of a takeover or a release: the actions, each under its timeout, around the
 * backend's address changes. Release phases run the actions in the reverse of the acquire order.
 */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final String BACKEND = "network";

    record Outcome(boolean success, String reason, List<ActionResult> results) {
    }

    /** What one run works on: the group, this node, the peer, and the services as they are now. */
    record Run(GroupSettings group, String node, String peer, List<RankedAction> actions, NetworkBackend backend) {
    }

    private final ExecutorService runner;

    Pipeline(ExecutorService runner) {
        this.runner = runner;
    }

    Outcome test(Run run) {
        List<ActionResult> results = new ArrayList<>();
        for (FailoverAction action : actions(run, Phase.TEST)) {
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
        if (failure == null && !clear.getAsBoolean()) {
            failure = "another node announced it holds the group: not adding its addresses";
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
            return new Outcome(true, describe(run.group().vips()) + " added on " + run.backend().name(), results);
        }
        LOG.warn("Group {}: takeover abandoned ({}); undoing it", run.group().name(), failure);
        release(run, results);
        return new Outcome(false, failure, results);
    }

    /** Always tries to remove the addresses; success means they are gone. */
    Outcome release(Run run) {
        List<ActionResult> results = new ArrayList<>();
        return release(run, results);
    }

    private Outcome release(Run run, List<ActionResult> results) {
        phase(run, Phase.PRE_RELEASE, results);
        boolean removed = true;
        if (run.backend() == null) {
            results.add(ActionResult.failed(BACKEND, "no network backend is available to remove the addresses"));
            removed = false;
        } else {
            for (Vip vip : run.group().vips()) {
                try {
                    run.backend().release(vip);
                } catch (BackendException | RuntimeException e) {
                    results.add(ActionResult.failed(BACKEND, "removing " + vip + ": " + e.getMessage()));
                    removed = false;
                }
            }
        }
        phase(run, Phase.POST_RELEASE, results);
        String reason = removed ? describe(run.group().vips()) + " removed" : "addresses could not be removed";
        return new Outcome(removed, reason, results);
    }

    private String addAddresses(Run run, List<ActionResult> results) {
        for (Vip vip : run.group().vips()) {
            try {
                run.backend().acquire(vip);
            } catch (BackendException | RuntimeException e) {
                ActionResult failed = ActionResult.failed(BACKEND, "adding " + vip + ": " + e.getMessage());
                results.add(failed);
                return failed.toString();
            }
        }
        for (Vip vip : run.group().vips()) {
            try {
                run.backend().announce(vip);
            } catch (BackendException | RuntimeException e) {
                results.add(ActionResult.failed(BACKEND, "announcing " + vip + ": " + e.getMessage()));
            }
        }
        return null;
    }

    /** @return the failure that aborts the transition, or null */
    private String phase(Run run, Phase phase, List<ActionResult> results) {
        for (FailoverAction action : actions(run, phase)) {
            ActionResult result = execute(action, run, phase);
            results.add(result);
            if (!result.success() && !phase.release() && action.onFailure() == OnFailure.ABORT) {
                return phase + " " + result;
            }
        }
        return null;
    }

    private static List<FailoverAction> actions(Run run, Phase phase) {
        return inOrder(run.actions(), run.group().name(), phase).stream().map(RankedAction::action).toList();
    }

    /** @return the actions that serve the phase for the group, in the order the phase runs them */
    static List<RankedAction> inOrder(List<RankedAction> actions, String group, Phase phase) {
        List<RankedAction> ranked = new ArrayList<>(actions);
        ranked.sort(RankedAction.ACQUIRE_ORDER);
        if (phase.release()) {
            Collections.reverse(ranked);
        }
        List<RankedAction> result = new ArrayList<>();
        for (RankedAction entry : ranked) {
            try {
                if (entry.action().phases().contains(phase) && entry.action().appliesTo(group)) {
                    result.add(entry);
                }
            } catch (RuntimeException e) {
                LOG.warn("Action {} could not say whether it serves {}: {}", entry.action(), phase, e.toString());
            }
        }
        return result;
    }

    private ActionResult execute(FailoverAction action, Run run, Phase phase) {
        String name = action.name();
        Duration timeout = action.timeout();
        ActionContext context = new ActionContext(run.group().name(), phase, run.group().vips(), run.node(), run.peer(), timeout);
        Future<ActionResult> future = runner.submit(() -> action.run(context));
        ActionResult result;
        try {
            result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                result = ActionResult.failed(name, "returned no result");
            }
        } catch (TimeoutException e) {
            future.cancel(true);
            result = ActionResult.failed(name, "timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            result = ActionResult.failed(name, cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            result = ActionResult.failed(name, "interrupted");
        }
        if (result.success()) {
            LOG.info("Group {}: {} {}", run.group().name(), phase, result);
        } else {
            LOG.warn("Group {}: {} {}", run.group().name(), phase, result);
        }
        return result;
    }

    private static String describe(List<Vip> vips) {
        return vips.stream().map(Vip::toString).reduce((a, b) -> a + ", " + b).orElse("no address");
    }
}
