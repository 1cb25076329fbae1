package org.ipfailover.threads.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads with names that say whose they are in a thread dump, and the end of their executors. */
public final class Threads {
    private Threads() {
    }

    public static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** @return a factory of threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> daemon(prefix + "-" + count.incrementAndGet(), task);
    }

    /** @return a factory for an executor of one thread, named {@code name} without a number, as messages may name it */
    public static ThreadFactory single(String name) {
        return task -> daemon(name, task);
    }

    /** Waits for a shut-down executor to finish, and interrupts what still runs after {@code millis}. */
    public static void await(ExecutorService executor, long millis) {
        try {
            if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
