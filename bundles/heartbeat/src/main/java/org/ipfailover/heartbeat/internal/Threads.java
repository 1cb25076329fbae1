package org.ipfailover.heartbeat.internal;

import java.util.concurrent.ThreadFactory;

/** Daemon threads with names that say whose they are in a thread dump. */
final class Threads {
    private Threads() {
    }

    static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    static ThreadFactory named(String name) {
        return task -> daemon(name, task);
    }
}
