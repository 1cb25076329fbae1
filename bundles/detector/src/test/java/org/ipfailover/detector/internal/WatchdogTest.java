package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

/** A transition that outlives every timeout it has is handed over once, with a reason that says so. */
class WatchdogTest {
    @Test
    void aTransitionPastItsBudgetIsCalledStuckOnce() {
        Watchdog watchdog = new Watchdog(List::of, new Pipeline(new Guard(Executors.newSingleThreadExecutor())));
        GroupSettings group = new GroupSettings("web", List.of("pri", "sec"), List.of(Vip.parse("eth0:198.51.100.10/24")), false,
                100, 5000, true);
        GroupStateMachine machine = new GroupStateMachine("sec", group, 0, 400);
        long budget = watchdog.budgetMillis(group);
        assertEquals(4 * Pipeline.BACKEND_MILLIS + Watchdog.MARGIN_MILLIS, budget, "add, announce and remove the address, and a margin");
        long start = Clock.millis();
        watchdog.watch(machine);
        List<String> stuck = new ArrayList<>();
        watchdog.expire(start + budget - 100, (m, reason) -> stuck.add(reason));
        assertTrue(stuck.isEmpty(), "called stuck within its budget: " + stuck);
        watchdog.expire(start + budget + 1_000, (m, reason) -> stuck.add(reason));
        watchdog.expire(start + budget + 2_000, (m, reason) -> stuck.add(reason));
        assertEquals(1, stuck.size(), stuck.toString());
        assertTrue(stuck.get(0).contains("did not end within the timeouts") && stuck.get(0).contains(budget + " ms"), stuck.get(0));
    }
}
