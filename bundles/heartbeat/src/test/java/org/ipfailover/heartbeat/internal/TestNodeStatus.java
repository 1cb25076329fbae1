package org.ipfailover.heartbeat.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.QuorumFlags;

/** Stands in for the detector: announces what the test sets, and tells the subscribers. */
final class TestNodeStatus implements NodeStatus {
    private final Set<String> peers;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private volatile List<GroupAnnouncement> announcements;
    private volatile CountDownLatch hanging;
    private volatile QuorumFlags quorum = QuorumFlags.NONE;

    TestNodeStatus(List<GroupAnnouncement> announcements, Set<String> peers) {
        this.announcements = List.copyOf(announcements);
        this.peers = Set.copyOf(peers);
    }

    void announce(List<GroupAnnouncement> next) {
        announcements = List.copyOf(next);
        changed();
    }

    void quorum(QuorumFlags next) {
        quorum = next;
        changed();
    }

    @Override
    public QuorumFlags quorum() {
        return quorum;
    }

    void changed() {
        subscribers.forEach(Runnable::run);
    }

    /** Makes {@link #announcements()} hang, as a detector that is stuck would, until {@link #release()}. */
    void hang() {
        hanging = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch latch = hanging;
        hanging = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public List<GroupAnnouncement> announcements() {
        CountDownLatch latch = hanging;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return announcements;
    }

    @Override
    public Set<String> peers() {
        return peers;
    }

    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        subscribers.add(onChange);
        return () -> subscribers.remove(onChange);
    }
}
