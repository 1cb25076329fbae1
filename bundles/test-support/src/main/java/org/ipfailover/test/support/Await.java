package org.ipfailover.test.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits until something the test can observe becomes true: a state, a file, a service, a count.
 * A timeout fails the test with what it waited for and, for {@link #awaitValue}, what it saw last.
 * Generous timeouts cost nothing when the condition comes true early, so the default is long.
 */
public final class Await {
    /** Long enough for a loaded two-core machine; a passing test waits only as long as it must. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Something the test looks at; an exception it throws fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value the test looks at; an exception it throws fails the wait at once. */
    @FunctionalInterface
    public interface Observation<T> {
        T get() throws Exception;
    }

    /** @throws AssertionError naming {@code what} when the condition does not hold within {@link #TIMEOUT} */
    public static void awaitTrue(String what, Condition condition) throws InterruptedException {
        awaitTrue(what, TIMEOUT, condition);
    }

    /** @throws AssertionError naming {@code what} when the condition does not hold within the timeout */
    public static void awaitTrue(String what, Duration timeout, Condition condition) throws InterruptedException {
        awaitValue(what, timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * @return the first value seen that is {@code wanted}
     * @throws AssertionError naming {@code what} and the last value seen when none is wanted within {@link #TIMEOUT}
     */
    public static <T> T awaitValue(String what, Observation<T> value, Predicate<? super T> wanted) throws InterruptedException {
        return awaitValue(what, TIMEOUT, value, wanted);
    }

    /**
     * @return the first value seen that is {@code wanted}
     * @throws AssertionError naming {@code what} and the last value seen when none is wanted within the timeout
     */
    public static <T> T awaitValue(String what, Duration timeout, Observation<T> value, Predicate<? super T> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = observe(what, value);
            if (wanted.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (seen instanceof Boolean ? "" : "; last seen: " + seen));
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private static <T> T observe(String what, Observation<T> value) throws InterruptedException {
        try {
            return value.get();
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + " failed: " + e, e);
        }
    }
}
