package org.ipfailover.detector.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ipfailover.threads.internal.Threads;

/**
 * The threads the groups' lanes run on: as many as lanes are busy at once (a lane that waits on a
 * slow action never holds another group up), and one idle thread ready for every configured group.
 * A crash of the primary starts every group's lane in the same moment; starting hundreds of threads
 * then, one after the other on the decision thread, came first on the path to the last group's
 * address (docs/detector.md, Scale). They are started while the groups are configured instead;
 * an idle thread waits on its queue and costs no CPU. Threads beyond that number end after a minute
 * of idleness.
 */
final class PipelineThreads {
    /** More groups than this on one node get their extra threads when they need them. */
    static final int MOST_KEPT = 1024;

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Threads.named("ipfailover-pipeline"));

    ThreadPoolExecutor executor() {
        return pool;
    }

    /** @param groups how many groups are configured now; called on the decision thread when that changes */
    void keep(int groups) {
        int kept = Math.min(groups, MOST_KEPT);
        if (kept == pool.getCorePoolSize()) {
            return;
        }
        pool.setCorePoolSize(kept);
        pool.prestartAllCoreThreads();
    }
}
