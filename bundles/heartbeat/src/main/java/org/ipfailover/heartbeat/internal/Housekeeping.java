package org.ipfailover.heartbeat.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's second thread: runs its periodic checks, and writes the peers' boots, soon when
 * asked and after every check. Kept off the sender thread, so that a slow disk never delays a beat,
 * and off the receivers.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final ScheduledThreadPoolExecutor thread =
            new ScheduledThreadPoolExecutor(1, Threads.single("ipfailover-heartbeat-housekeeping"));
    private final AtomicBoolean savePending = new AtomicBoolean();
    private final Runnable save;
    private final Runnable lastSave;

    /**
     * @param save writes what changed; never throws
     * @param lastSave writes what changed for the last time, to disk; never throws
     */
    Housekeeping(Runnable save, Runnable lastSave) {
        this.save = save;
        this.lastSave = lastSave;
    }

    /** Runs the check, then the save, every period; a check that throws is logged and runs again next time. */
    void every(long periodMillis, Runnable check) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                check.run();
            } catch (RuntimeException e) {
                LOG.error("Heartbeat: housekeeping failed", e);
            }
            save.run();
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Has the save run soon, once for any number of calls until it runs. */
    void saveSoon() {
        if (!savePending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                savePending.set(false);
                save.run();
            });
        } catch (RejectedExecutionException stopping) {
            savePending.set(false);
        }
    }

    /** Stops the thread, waits a bounded time for it, and saves a last time on the caller's thread. */
    void stop(long waitMillis) {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Heartbeat housekeeping thread did not stop within {} ms", waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lastSave.run();
    }
}
