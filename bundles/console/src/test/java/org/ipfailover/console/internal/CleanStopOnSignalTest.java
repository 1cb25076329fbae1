package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/** The exit status of a stop the operator asked for: 0 only when the framework has stopped. */
class CleanStopOnSignalTest {
    final List<String> calls = new ArrayList<>();

    @Test
    void exitsZeroOnceTheFrameworkHasStopped() {
        assertEquals(CleanStopOnSignal.STOPPED, CleanStopOnSignal.stopWithin(framework(FrameworkEvent.STOPPED, null), Duration.ofSeconds(42)));
        assertEquals(List.of("stop", "waitForStop 42000"), calls);
    }

    @Test
    void exitsNonZeroWhenTheFrameworkHasNotStoppedWithinTheBudget() {
        int status = CleanStopOnSignal.stopWithin(framework(FrameworkEvent.WAIT_TIMEDOUT, null), Duration.ofSeconds(134));
        assertEquals(CleanStopOnSignal.NOT_STOPPED, status);
        assertTrue(status != 0);
        assertEquals(List.of("stop", "waitForStop 134000"), calls, "waited the whole budget");
    }

    @Test
    void exitsNonZeroWhenTheFrameworkCannotBeStopped() {
        assertEquals(CleanStopOnSignal.NOT_STOPPED, CleanStopOnSignal.stopWithin(
                framework(FrameworkEvent.STOPPED, new BundleException("stop failed")), Duration.ofSeconds(30)));
    }

    private Framework framework(int waitResult, BundleException stopFailure) {
        return (Framework) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Framework.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "stop" -> {
                    calls.add("stop");
                    if (stopFailure != null) {
                        throw stopFailure;
                    }
                    return null;
                }
                case "waitForStop" -> {
                    calls.add("waitForStop " + args[0]);
                    return new FrameworkEvent(waitResult, (Framework) proxy, null);
                }
                case "toString" -> {
                    return "test framework";
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        });
    }
}
