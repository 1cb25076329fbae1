package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineThreadsTest {
    private final PipelineThreads threads = new PipelineThreads();
    private final ThreadPoolExecutor pool = threads.executor();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void everyConfiguredGroupHasAThreadBeforeItsLaneStarts() throws InterruptedException {
        threads.keep(16);
        assertEquals(16, pool.getPoolSize(), "threads started when the groups were configured");

        CountDownLatch release = new CountDownLatch(1);
        assertTrue(lanes(16, release).await(10, TimeUnit.SECONDS), "every lane runs at once");
        release.countDown();
    }

    @Test
    void aLaneBeyondTheGroupsStillRunsAtOnce() throws InterruptedException {
        threads.keep(1);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(lanes(2, release).await(10, TimeUnit.SECONDS), "a lane waiting on a slow action holds no other up");
        release.countDown();
    }

    @Test
    void fewerGroupsKeepFewerThreads() {
        threads.keep(8);
        threads.keep(2);
        assertEquals(2, pool.getCorePoolSize(), "the threads beyond the groups end after a minute of idleness");
    }

    /** @return counted down once each of {@code count} lanes runs; they all wait for {@code release} */
    private CountDownLatch lanes(int count, CountDownLatch release) {
        CountDownLatch running = new CountDownLatch(count);
        for (int lane = 0; lane < count; lane++) {
            pool.execute(() -> {
                running.countDown();
                await(release);
            });
        }
        return running;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
