package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
    record Outcome(String check, boolean passed, String output, long atNanos) {
    }

    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final CheckRunner runner = new CheckRunner((check, passed, output) -> outcomes.add(new Outcome(check.name(), passed, output,
            System.nanoTime())));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        runner.stop();
    }

    private static CheckDefinition check(String name, long interval, long timeout, HealthCheck check) {
        return new CheckDefinition(name, name.hashCode(), List.of("web"), interval, timeout, 2, 2, check);
    }

    private Outcome next() throws InterruptedException {
        Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        assertNotNull(outcome, "an outcome within 10 s");
        return outcome;
    }

    @Test
    void okAndWarnPassAndCriticalFailsWithItsMessage() throws Exception {
        runner.run(List.of(check("ok", 10_000, 1_000, () -> new Result(Result.Status.OK, "HTTP 200"))));
        Outcome ok = next();
        assertTrue(ok.passed());
        assertEquals("HTTP 200", ok.output());
        runner.run(List.of(check("warn", 10_000, 1_000, () -> {
            FormattingResultLog log = new FormattingResultLog();
            log.debug("looked at it");
            log.warn("slow: 900 ms");
            return new Result(log);
        })));
        Outcome warn = next();
        assertEquals("warn", warn.check());
        assertTrue(warn.passed());
        assertEquals("slow: 900 ms", warn.output());
        runner.run(List.of(check("critical", 10_000, 1_000, () -> new Result(Result.Status.CRITICAL, "HTTP 503"))));
        Outcome critical = next();
        assertFalse(critical.passed());
        assertEquals("HTTP 503", critical.output());
    }

    @Test
    void aCheckThatThrowsFailsWithTheException() throws Exception {
        runner.run(List.of(check("throws", 10_000, 1_000, () -> {
            throw new IllegalStateException("no route to the database");
        })));
        Outcome outcome = next();
        assertFalse(outcome.passed());
        assertEquals("threw IllegalStateException: no route to the database", outcome.output());
    }

    @Test
    void aHangingCheckFailsAtItsTimeoutAndIsNotRunAgainWhileItHangs() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        long started = System.nanoTime();
        runner.run(List.of(check("hangs", 200, 100, () -> {
            runs.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                // a check that ignores its interruption keeps its thread; ours must not depend on that
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException again) {
                        // still ignoring it
                    }
                }
            }
            return new Result(Result.Status.OK, "late");
        })));
        Outcome first = next();
        assertFalse(first.passed());
        assertEquals("timed out after 100 ms", first.output());
        long millis = (first.atNanos() - started) / 1_000_000L;
        assertTrue(millis >= 100 && millis < 2_000, "failed at its timeout, not " + millis + " ms");
        Outcome second = next();
        assertFalse(second.passed());
        assertTrue(second.output().startsWith("its previous run has not returned for "), second.output());
        assertEquals(1, runs.get(), "no second thread for a check that hangs");
        assertTrue(interrupted.get(), "the hanging run was interrupted at its timeout");
        release.countDown();
        Outcome afterwards = next();
        while (!afterwards.passed()) {
            afterwards = next();
        }
        assertEquals("late", afterwards.output(), "once it returns, it runs again at its interval");
    }

    @Test
    void aRemovedCheckStopsAndAChangedOneStartsAnew() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        HealthCheck counting = () -> {
            runs.incrementAndGet();
            return new Result(Result.Status.OK, "ok");
        };
        runner.run(List.of(check("counted", 50, 1_000, counting)));
        next();
        next();
        runner.run(List.of());
        outcomes.clear();
        int after = runs.get();
        assertEquals(null, outcomes.poll(300, TimeUnit.MILLISECONDS), "no run once removed");
        assertTrue(runs.get() <= after + 1, "at most the run in flight when it was removed");
    }
}
