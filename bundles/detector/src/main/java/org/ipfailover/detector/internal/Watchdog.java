package org.ipfailover.detector.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** When each running transition is called stuck: past its actions' and the backend's timeouts. Decision thread only. */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    /** What a transition may take beyond its actions' and the backend's timeouts before it is called stuck. */
    static final long MARGIN_MILLIS = 5_000;

    private final Supplier<List<RankedAction>> actions;
    private final Pipeline pipeline;
    /** Monotonic ms, by machine. */
    private final Map<GroupStateMachine, Long> due = new HashMap<>();

    Watchdog(Supplier<List<RankedAction>> actions, Pipeline pipeline) {
        this.actions = actions;
        this.pipeline = pipeline;
    }

    void watch(GroupStateMachine machine) {
        due.put(machine, Clock.millis() + budgetMillis(machine.settings()));
    }

    void clear(GroupStateMachine machine) {
        due.remove(machine);
    }

    /** @return the earliest moment (monotonic ms) a running transition is called stuck, or {@link Long#MAX_VALUE} */
    long nextDue() {
        long next = Long.MAX_VALUE;
        for (long at : due.values()) {
            next = Math.min(next, at);
        }
        return next;
    }

    /** Hands each transition that ran past every timeout it has to {@code stuck}, with the reason, once. */
    void expire(long now, BiConsumer<GroupStateMachine, String> stuck) {
        if (due.isEmpty()) {
            return;
        }
        for (Map.Entry<GroupStateMachine, Long> entry : List.copyOf(due.entrySet())) {
            GroupStateMachine machine = entry.getKey();
            if (now - entry.getValue() < 0) {
                continue;
            }
            due.remove(machine);
            String reason = machine.state() + " did not end within the timeouts of its actions and of the network backend "
                    + "(" + budgetMillis(machine.settings()) + " ms): a plugin does not return";
            LOG.error("Group {}: {}", machine.settings().name(), reason);
            stuck.accept(machine, reason);
        }
    }

    /** The longest one transition of the group can take: its actions' timeouts and the backend's, and a margin. */
    long budgetMillis(GroupSettings group) {
        long total = 0;
        for (RankedAction action : actions.get()) {
            java.time.Duration known = pipeline.lastTimeout(action.action());
            total += (known != null ? known : RankedAction.DEFAULT_TIMEOUT).toMillis();
        }
        return total + (3L * group.vips().size() + 1) * Pipeline.BACKEND_MILLIS + MARGIN_MILLIS;
    }
}
