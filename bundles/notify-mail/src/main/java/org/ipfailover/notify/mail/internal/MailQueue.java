package org.ipfailover.notify.mail.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages waiting for the SMTP server, oldest first. Adding never waits: when the queue is
 * full the oldest message makes room. The courier looks at the head and removes it only once
 * the server has taken it.
 */
final class MailQueue {
    private final int capacity;
    private final Deque<Mail> mails = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();

    MailQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** @return the message dropped to make room, or null */
    Mail add(Mail mail) {
        lock.lock();
        try {
            Mail dropped = mails.size() == capacity ? mails.removeFirst() : null;
            mails.addLast(mail);
            added.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** @return the oldest message, left in the queue; null when none came within the time */
    Mail head(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (mails.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = added.awaitNanos(nanos);
            }
            return mails.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Removes this very message, if still queued (it may have been dropped meanwhile). */
    void remove(Mail mail) {
        lock.lock();
        try {
            mails.removeIf(queued -> queued == mail);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return mails.size();
        } finally {
            lock.unlock();
        }
    }
}
