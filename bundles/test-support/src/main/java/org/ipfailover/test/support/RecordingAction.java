package org.ipfailover.test.support;

import java.util.List;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;

/**
 * An action that writes each run into a trace ("mount PRE_ACQUIRE"), beside the backend's calls
 * when they share the trace, and succeeds; in the Test phase it vetoes while a veto is set.
 */
public class RecordingAction implements FailoverAction {
    private final String name;
    private final Set<Phase> phases;
    private final List<String> trace;
    private volatile String veto;

    /** @param trace where each run is written; synchronized, since the pipeline runs on its own threads */
    public RecordingAction(String name, Set<Phase> phases, List<String> trace) {
        this.name = name;
        this.phases = Set.copyOf(phases);
        this.trace = trace;
    }

    /** @param reason why the Test phase fails from now on; null for no veto */
    public void veto(String reason) {
        veto = reason;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Phase> phases() {
        return phases;
    }

    @Override
    public ActionResult run(ActionContext context) throws Exception {
        trace.add(name + " " + context.phase());
        String reason = veto;
        if (context.phase() == Phase.TEST && reason != null) {
            return ActionResult.failed(name, reason);
        }
        return ActionResult.ok(name, "checked " + context.primaryAddress());
    }
}
