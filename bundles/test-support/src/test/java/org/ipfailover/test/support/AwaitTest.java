package org.ipfailover.test.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstWantedValue() throws Exception {
        AtomicInteger count = new AtomicInteger();
        assertEquals(3, Await.awaitValue("three", count::incrementAndGet, n -> n >= 3));
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndWhatWasSeenLast() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.awaitValue("web to be UP", Duration.ofMillis(50), () -> "RECOVER", "UP"::equals));
        assertEquals("timed out after 50 ms waiting for web to be UP; last seen: RECOVER", e.getMessage());
        AssertionError condition = assertThrows(AssertionError.class, () -> Await.awaitTrue("never", Duration.ofMillis(20), () -> false));
        assertEquals("timed out after 20 ms waiting for never", condition.getMessage());
    }

    @Test
    void anExceptionWhileLookingFailsAtOnce() {
        IOException cause = new IOException("gone");
        AssertionError e = assertThrows(AssertionError.class, () -> Await.awaitTrue("the file", () -> {
            throw cause;
        }));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().startsWith("waiting for the file failed"), e.getMessage());
    }
}
