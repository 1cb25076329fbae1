package org.ipfailover.console.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.GroupStatus;

/**
 * How long a stopping node may take to release its groups: per group, the timeouts of its
 * PreRelease and PostRelease actions added up, plus {@link #ADDRESS_REMOVAL} for taking the
 * addresses down; the groups release in parallel, so the longest group counts; never less than
 * {@link #MINIMUM}.
 */
final class StopBudget {
    static final Duration MINIMUM = Duration.ofSeconds(30);
    static final Duration ADDRESS_REMOVAL = Duration.ofSeconds(10);

    private StopBudget() {
    }

    /** @param detector null when the detector is not running: nothing to release then */
    static Duration of(FailoverControl detector) {
        if (detector == null) {
            return MINIMUM;
        }
        List<String> groups;
        try {
            groups = detector.groups().stream().map(GroupStatus::group).toList();
        } catch (RuntimeException stoppedMeanwhile) {
            return MINIMUM;
        }
        return of(groups, group -> {
            try {
                return detector.actions(group);
            } catch (RuntimeException goneMeanwhile) {
                return List.of();
            }
        });
    }

    static Duration of(Collection<String> groups, Function<String, List<ActionInfo>> actions) {
        Duration longest = Duration.ZERO;
        for (String group : groups) {
            long release = actions.apply(group).stream().filter(a -> a.phase().release()).mapToLong(a -> Math.max(0, a.timeoutMillis())).sum();
            Duration budget = Duration.ofMillis(release).plus(ADDRESS_REMOVAL);
            if (budget.compareTo(longest) > 0) {
                longest = budget;
            }
        }
        return longest.compareTo(MINIMUM) < 0 ? MINIMUM : longest;
    }
}
