package org.ipfailover.heartbeat.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;

/** Stands in for the detector: records what the heartbeat tells it, for the test to wait on. */
final class RecordingListener implements BeatListener {
    final BlockingQueue<Beat> beats = new LinkedBlockingQueue<>();
    final BlockingQueue<HeartbeatHealth> health = new LinkedBlockingQueue<>();
    final BlockingQueue<InetSocketAddress> duplicates = new LinkedBlockingQueue<>();
    final BlockingQueue<String> unauthenticated = new LinkedBlockingQueue<>();
    final BlockingQueue<String> own = new LinkedBlockingQueue<>();

    @Override
    public void beat(Beat beat) {
        beats.add(beat);
    }

    @Override
    public void heartbeatHealth(HeartbeatHealth told) {
        health.add(told);
    }

    @Override
    public void duplicateNode(InetSocketAddress source, long receivedNanos) {
        duplicates.add(source);
    }

    @Override
    public void ownBeat(String network, long receivedNanos) {
        own.add(network);
    }

    @Override
    public void unauthenticated(String node, InetSocketAddress source, long receivedNanos) {
        unauthenticated.add(node);
    }

    /** @return the first health told from now on (or already waiting) that matches, within the timeout */
    HeartbeatHealth awaitHealth(Predicate<HeartbeatHealth> wanted, Duration timeout) throws InterruptedException {
        return await(health, wanted, timeout, "health");
    }

    Beat awaitBeat(Predicate<Beat> wanted, Duration timeout) throws InterruptedException {
        return await(beats, wanted, timeout, "beat");
    }

    private static <T> T await(BlockingQueue<T> queue, Predicate<T> wanted, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            T next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " as expected within " + timeout.toMillis() + " ms; the last was "
                        + last);
            }
            if (wanted.test(next)) {
                return next;
            }
            last = next;
        }
    }
}
