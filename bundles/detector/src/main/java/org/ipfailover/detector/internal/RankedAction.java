package org.ipfailover.detector.internal;

import java.util.Comparator;
import org.ipfailover.api.FailoverAction;

/** An action service with its ranking: acquire phases run highest ranking first, then by name. */
record RankedAction(FailoverAction action, int ranking, String bundle) {
    RankedAction(FailoverAction action, int ranking) {
        this(action, ranking, "?");
    }

    static final Comparator<RankedAction> ACQUIRE_ORDER = Comparator.comparingInt(RankedAction::ranking).reversed()
            .thenComparing(a -> a.action().name());
}
