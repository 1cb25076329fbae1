package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ipfailover.detector.internal.Guard.PluginFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A plugin call that hangs, throws or answers nothing is a failure that names it, never a stuck caller. */
class GuardTest {
    final ExecutorService runner = Executors.newCachedThreadPool();
    final Guard guard = new Guard(runner);

    @AfterEach
    void tearDown() {
        runner.shutdownNow();
    }

    @Test
    void aCallThatHangsIsCutOffAtItsTimeoutAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        PluginFailure failure = assertThrows(PluginFailure.class, () -> guard.call("stuck.name()", 100, () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "never";
        }));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the caller waited too long");
        assertEquals("stuck.name(): no answer within 100 ms", failure.getMessage());
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the plugin's thread was not interrupted");
    }

    @Test
    void aCallThatThrowsIsAFailureWithItsMessage() {
        PluginFailure failure = assertThrows(PluginFailure.class, () -> guard.call("backend: adding eth0", 1_000, () -> {
            throw new IllegalStateException("RTNETLINK answers: File exists");
        }));
        assertEquals("backend: adding eth0: RTNETLINK answers: File exists", failure.getMessage());
    }

    @Test
    void whatAPluginCannotSayOfItselfGetsTheFallbackAndIsReported() {
        List<String> reported = new ArrayList<>();
        assertEquals("fallback", guard.callOr("odd.name()", 1_000, () -> null, "fallback", reported::add));
        assertEquals("fallback", guard.callOr("odd.name()", 1_000, () -> {
            throw new IllegalStateException("no name");
        }, "fallback", reported::add));
        assertEquals(List.of("odd.name(): returned nothing", "odd.name(): no name"), reported);
    }
}
