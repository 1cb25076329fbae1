package org.ipfailover.detector.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;

/**
 * An action service with its ranking and what it says of itself, asked once through the
 * {@link Guard} (a plugin whose {@code name()}, {@code phases()}, {@code timeout()} or
 * {@code onFailure()} throws or hangs gets safe values and a reported problem). Acquire phases run
 * highest ranking first, then by name.
 */
record RankedAction(FailoverAction action, int ranking, String bundle, String name, Set<Phase> phases, Duration timeout,
        OnFailure onFailure, String problem) {
    /** How long an action may take to say what it is. */
    static final long DESCRIBE_MILLIS = 1_000;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    RankedAction(FailoverAction action, int ranking) {
        this(action, ranking, "?");
    }

    RankedAction(FailoverAction action, int ranking, String bundle) {
        this(action, ranking, bundle, null, null, null, null, null);
    }

    static final Comparator<RankedAction> ACQUIRE_ORDER = Comparator.comparingInt(RankedAction::ranking).reversed()
            .thenComparing(RankedAction::name);

    /** @return this action with what it says of itself; an action that cannot say serves no phase and reports why */
    RankedAction described(Guard guard) {
        if (name != null) {
            return this;
        }
        StringBuilder problems = new StringBuilder();
        java.util.function.Consumer<String> report = p -> problems.append(problems.length() == 0 ? "" : "; ").append(p);
        String fallbackName = action.getClass().getName();
        String described = guard.callOr(fallbackName + ".name()", DESCRIBE_MILLIS, action::name, fallbackName, report);
        Set<Phase> served = guard.callOr(described + ".phases()", DESCRIBE_MILLIS, action::phases, Set.of(), report);
        Duration limit = guard.callOr(described + ".timeout()", DESCRIBE_MILLIS, action::timeout, DEFAULT_TIMEOUT, report);
        if (limit.isNegative() || limit.isZero()) {
            report.accept(described + ".timeout() is " + limit + ": using " + DEFAULT_TIMEOUT.toSeconds() + " s");
            limit = DEFAULT_TIMEOUT;
        }
        OnFailure policy = guard.callOr(described + ".onFailure()", DESCRIBE_MILLIS, action::onFailure, OnFailure.ABORT, report);
        return new RankedAction(action, ranking, bundle, described, Set.copyOf(served), limit, policy,
                problems.length() == 0 ? null : problems.toString());
    }
}
