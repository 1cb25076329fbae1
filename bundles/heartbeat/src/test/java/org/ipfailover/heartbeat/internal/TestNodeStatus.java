package org.ipfailover.heartbeat.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.NodeStatus;

/** Stands in for the detector: announces what the test sets, and tells the subscribers. */
final class TestNodeStatus implements NodeStatus {
    private final Set<String> peers;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private volatile List<GroupAnnouncement> announcements;

    TestNodeStatus(List<GroupAnnouncement> announcements, Set<String> peers) {
        this.announcements = List.copyOf(announcements);
        this.peers = Set.copyOf(peers);
    }

    void announce(List<GroupAnnouncement> next) {
        announcements = List.copyOf(next);
        changed();
    }

    void changed() {
        subscribers.forEach(Runnable::run);
    }

    @Override
    public List<GroupAnnouncement> announcements() {
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
