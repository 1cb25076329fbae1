package org.ipfailover.threads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void namedThreadsAreNumberedDaemons() {
        ThreadFactory factory = Threads.named("ipfailover-test");

        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertEquals("ipfailover-test-1", first.getName());
        assertEquals("ipfailover-test-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
    }

    @Test
    void aSingleThreadKeepsItsNameAsGiven() {
        Thread thread = Threads.single("ipfailover-test-send").newThread(() -> { });

        assertEquals("ipfailover-test-send", thread.getName());
        assertTrue(thread.isDaemon());
    }

    @Test
    void awaitInterruptsWhatStillRunsAfterItsTime() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(Threads.named("ipfailover-test-await"));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        executor.execute(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        running.await();
        executor.shutdown();

        Threads.await(executor, 50);

        interrupted.await();
        assertTrue(executor.isShutdown());
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
