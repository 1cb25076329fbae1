package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.Phase;
import org.junit.jupiter.api.Test;

class StopBudgetTest {
    @Test
    void addsTheReleaseTimeoutsOfAGroupAndTakesTheLongestGroup() {
        Map<String, List<ActionInfo>> actions = Map.of(
                "web", List.of(action(Phase.TEST, 60_000), action(Phase.PRE_ACQUIRE, 60_000), action(Phase.PRE_RELEASE, 62_000),
                        action(Phase.PRE_RELEASE, 120_000), action(Phase.POST_RELEASE, 62_000)),
                "afp", List.of(action(Phase.PRE_RELEASE, 10_000), action(Phase.POST_RELEASE, 60_000)));

        Duration budget = StopBudget.of(List.of("web", "afp"), actions::get);

        assertEquals(Duration.ofSeconds(62 + 120 + 62).plus(StopBudget.ADDRESS_REMOVAL), budget);
    }

    @Test
    void isNeverBelowTheMinimum() {
        assertEquals(StopBudget.MINIMUM, StopBudget.of(List.of("web"), group -> List.of(action(Phase.PRE_RELEASE, 1_000))));
        assertEquals(StopBudget.MINIMUM, StopBudget.of(List.of(), group -> List.of()));
        assertEquals(StopBudget.MINIMUM, StopBudget.of(null));
    }

    private static ActionInfo action(Phase phase, long timeoutMillis) {
        return new ActionInfo(phase, "a" + timeoutMillis, 0, "org.ipfailover.test", "continue", timeoutMillis);
    }
}
