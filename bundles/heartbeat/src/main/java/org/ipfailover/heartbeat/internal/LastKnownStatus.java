package org.ipfailover.heartbeat.internal;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.QuorumFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's status as the heartbeat sends it: the detector's while one is there; while none is
 * (its bundle is stopped, restarted or updated), what the detector last had sent. A detector that
 * goes away keeps its addresses configured here, so the node goes on announcing the groups it
 * held: a node that fell silent, or announced nothing, would have its peers take them over while
 * the addresses are still up on this host.
 */
final class LastKnownStatus implements NodeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatService.class);

    private final BooleanSupplier nodeStopping;
    private volatile NodeStatus detector;
    private volatile List<GroupAnnouncement> lastAnnounced = List.of();
    private volatile Set<String> lastPeers = Set.of();
    private volatile QuorumFlags lastQuorum = QuorumFlags.NONE;
    private volatile boolean everBound;
    /** Guarded by this. */
    private Runnable onChange;
    /** Guarded by this. */
    private AutoCloseable subscription;

    /** @param nodeStopping whether the whole node stops (a detector that goes then is no news) */
    LastKnownStatus(BooleanSupplier nodeStopping) {
        this.nodeStopping = nodeStopping;
    }

    /** @return whether it is the first detector this heartbeat has */
    synchronized boolean bind(NodeStatus next) {
        boolean first = !everBound;
        closeSubscription();
        detector = next;
        everBound = true;
        if (onChange != null) {
            subscription = next.subscribe(onChange);
        }
        if (!first) {
            LOG.info("Heartbeat: a detector is back, its announcements go out from now on");
        }
        if (onChange != null) {
            onChange.run();
        }
        return first;
    }

    synchronized void unbind(NodeStatus gone) {
        if (detector != gone) {
            return;
        }
        closeSubscription();
        try {
            lastPeers = gone.peers(); // still registered while it is unbound: the peers it names now
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat: the detector's peers could not be read as it went ({}); keeping those last read", e.toString());
        }
        detector = null;
        if (nodeStopping.getAsBoolean()) {
            return;
        }
        LOG.warn("Heartbeat: the detector is gone; until one is back, the beats announce what it last announced ({})",
                describe(lastAnnounced));
    }

    /** Whether a detector was ever there: the heartbeat starts with the first one. */
    boolean everBound() {
        return everBound;
    }

    /** Whether no detector is there and the beats announce a group as held here. */
    boolean holdsWithoutDetector() {
        return everBound && detector == null && lastAnnounced.stream().anyMatch(a -> a.state().holds());
    }

    String lastAnnouncedText() {
        return describe(lastAnnounced);
    }

    @Override
    public List<GroupAnnouncement> announcements() {
        NodeStatus current = detector;
        if (current == null) {
            return lastAnnounced;
        }
        List<GroupAnnouncement> announced = current.announcements();
        lastAnnounced = announced;
        return announced;
    }

    @Override
    public Set<String> peers() {
        NodeStatus current = detector;
        if (current == null) {
            return lastPeers;
        }
        Set<String> peers = current.peers();
        lastPeers = peers;
        return peers;
    }

    /** What the detector last said of its quorum, while none is there: a peer that still reaches it then releases when it loses it. */
    @Override
    public QuorumFlags quorum() {
        NodeStatus current = detector;
        if (current == null) {
            return lastQuorum;
        }
        QuorumFlags quorum = current.quorum();
        lastQuorum = quorum;
        return quorum;
    }

    /** One subscriber: the heartbeat, which beats at once on a change (and when a detector comes or goes). */
    @Override
    public synchronized AutoCloseable subscribe(Runnable changed) {
        onChange = changed;
        NodeStatus current = detector;
        if (current != null) {
            closeSubscription();
            subscription = current.subscribe(changed);
        }
        return () -> {
            synchronized (LastKnownStatus.this) {
                onChange = null;
                closeSubscription();
            }
        };
    }

    private void closeSubscription() {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("Heartbeat: closing the detector's status subscription failed: {}", e.toString());
        }
        subscription = null;
    }

    private static String describe(List<GroupAnnouncement> announced) {
        return announced.isEmpty() ? "no group"
                : announced.stream().map(a -> a.group() + " " + a.state()).collect(Collectors.joining(", "));
    }
}
