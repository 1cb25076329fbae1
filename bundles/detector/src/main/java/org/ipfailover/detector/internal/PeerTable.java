package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.PeerStatus;

/**
 * Per peer and per network, when the last beat came, and what the peer announced last. Silence is
 * measured on this node's listening clock ({@link SelfHearing}), ages for people on the wall clock.
 * Written by the receiver threads, read by the detector's thread.
 */
final class PeerTable {
    private static final long NEVER = Long.MIN_VALUE;
    private final List<String> networks;
    private final long deadNanos;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final SelfHearing self;

    /**
     * @param silenceNanos how long a peer or one of its networks may be silent and still count as heard
     * @param self this node's listening clock: a peer is silent for as long as this node could
     *        hear it and did not
     */
    PeerTable(Collection<String> networks, long silenceNanos, SelfHearing self) {
        this.networks = List.copyOf(networks);
        this.deadNanos = silenceNanos;
        this.self = self;
    }

    /** A table for a node that never hears itself. */
    PeerTable(Collection<String> networks, long silenceNanos) {
        this(networks, silenceNanos, new SelfHearing(1));
    }

    /**
     * @return whether the beat changed what the peer announces, or brought a silent peer back (a
     *         reason to decide at once: after a partition, both sides may hold the group)
     */
    boolean record(Beat beat) {
        Peer peer = peers.computeIfAbsent(beat.node(), n -> new Peer(networks.size()));
        int index = networks.indexOf(beat.network());
        long listened = self.listening(beat.receivedNanos());
        synchronized (peer) {
            boolean back = !peer.heard(listened, deadNanos);
            if (back) {
                peer.aliveSince = beat.receivedNanos();
            }
            if (index >= 0) {
                peer.lastBeat[index] = beat.receivedNanos();
                peer.lastListened[index] = listened;
            }
            peer.authenticatedOnce = true;
            boolean newer = beat.bootId() != peer.bootId || beat.sequence() > peer.sequence;
            if (!newer) {
                return false;
            }
            boolean changed = back || !beat.groups().equals(peer.groups) || beat.bootId() != peer.bootId
                    || !beat.quorum().equals(peer.quorum);
            peer.quorum = beat.quorum();
            peer.bootId = beat.bootId();
            peer.sequence = beat.sequence();
            peer.groups = beat.groups();
            return changed;
        }
    }

    /** What the peer's last beat said of its quorum; {@link QuorumFlags#NONE} for a peer never heard. */
    QuorumFlags quorum(String node) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return QuorumFlags.NONE;
        }
        synchronized (peer) {
            return peer.quorum;
        }
    }

    /** @return a peer whose last beat said that it uses a quorum, or null when none did */
    String usingQuorum() {
        for (Map.Entry<String, Peer> entry : peers.entrySet()) {
            Peer peer = entry.getValue();
            synchronized (peer) {
                if (peer.quorum.used()) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    void recordUnauthenticated(String node, long receivedNanos) {
        Peer peer = peers.computeIfAbsent(node, n -> new Peer(networks.size()));
        synchronized (peer) {
            peer.lastUnauthenticated = receivedNanos;
        }
    }

    /**
     * Heard only with a bad MAC within the dead time, and never with a good one since this node
     * started: a key mismatch, for all this node knows. A peer that was authenticated once is judged
     * on its authenticated beats alone (see {@link #forged}).
     */
    boolean unauthenticated(String node, long now) {
        Peer peer = peers.get(node);
        if (peer == null || alive(node, now)) {
            return false;
        }
        synchronized (peer) {
            return !peer.authenticatedOnce && fresh(peer.lastUnauthenticated, now);
        }
    }

    /**
     * Datagrams that claim to come from a peer authenticated before failed authentication within the
     * dead time: forged, or the peer's key was replaced on one side only. Never evidence that it lives.
     */
    boolean forged(String node, long now) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return false;
        }
        synchronized (peer) {
            return peer.authenticatedOnce && fresh(peer.lastUnauthenticated, now);
        }
    }

    /** @return the fingerprint the peer announces for the group, 0 when none */
    int fingerprint(String node, String group) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return 0;
        }
        synchronized (peer) {
            GroupAnnouncement announcement = peer.announcement(group);
            return announcement == null ? 0 : announcement.fingerprint();
        }
    }

    /**
     * @return whether some peer counts as alive only because this node's receive path was behind:
     *         silent for longer than allowed on the wall clock, not on the listening clock
     */
    boolean heldBack(long now) {
        long listening = self.listening(now);
        for (Peer peer : peers.values()) {
            synchronized (peer) {
                if (peer.heard(listening, deadNanos) && !fresh(peer.lastBeat, now, deadNanos)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether the peer was heard within the silence allowed, on this node's listening clock */
    boolean alive(String node, long now) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return false;
        }
        long listening = self.listening(now);
        synchronized (peer) {
            return peer.heard(listening, deadNanos);
        }
    }

    /** @return per network, whether the peer was heard there within the dead time */
    Map<String, Boolean> networks(String node, long now) {
        Map<String, Boolean> heard = new LinkedHashMap<>();
        Peer peer = peers.get(node);
        long listening = self.listening(now);
        for (int i = 0; i < networks.size(); i++) {
            boolean fresh;
            if (peer == null) {
                fresh = false;
            } else {
                synchronized (peer) {
                    fresh = fresh(peer.lastListened[i], listening);
                }
            }
            heard.put(networks.get(i), fresh);
        }
        return heard;
    }

    /**
     * Some networks fresh, some silent, and the peer heard for a dead time already: its beats on the
     * networks arrive one after the other, so a peer that just appeared is not judged yet.
     */
    boolean anomaly(String node, long now) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return false;
        }
        synchronized (peer) {
            if (now - peer.aliveSince < deadNanos) {
                return false;
            }
        }
        Map<String, Boolean> heard = networks(node, now);
        return heard.containsValue(true) && heard.containsValue(false);
    }

    /**
     * @return the next moment after {@code now} at which a peer's state may change without a new
     *         beat (a network falls silent, a peer dies, a new peer is judged), or {@link Long#MAX_VALUE}
     */
    long nextChange(long now) {
        long next = Long.MAX_VALUE;
        long listening = self.listening(now);
        for (Peer peer : peers.values()) {
            synchronized (peer) {
                for (long last : peer.lastListened) {
                    // on the wall clock, as if this node goes on hearing; if it does not, it is asked again then
                    next = earliestAfter(next, last == NEVER ? NEVER : now + (last - listening), now);
                }
                next = earliestAfter(next, peer.lastUnauthenticated, now);
                if (peer.heard(listening, deadNanos)) {
                    next = earliestAfter(next, peer.aliveSince, now);
                }
            }
        }
        return next;
    }

    private long earliestAfter(long next, long heard, long now) {
        if (heard == NEVER) {
            return next;
        }
        long expires = heard + deadNanos;
        return expires - now > 0 ? Math.min(next, expires) : next;
    }

    PeerView view(String node, String group, long now) {
        boolean alive = alive(node, now);
        GroupState announced = null;
        int priority = -1;
        Peer peer = peers.get(node);
        if (peer != null) {
            synchronized (peer) {
                GroupAnnouncement announcement = peer.announcement(group);
                if (announcement != null) {
                    announced = announcement.state();
                    priority = announcement.priority();
                }
            }
        }
        return new PeerView(node, alive, announced, !alive && unauthenticated(node, now), priority);
    }

    PeerStatus status(String node, long now) {
        Peer peer = peers.get(node);
        Map<String, Long> last = new LinkedHashMap<>();
        List<GroupAnnouncement> groups = new ArrayList<>();
        if (peer != null) {
            synchronized (peer) {
                groups.addAll(peer.groups);
            }
        }
        for (int i = 0; i < networks.size(); i++) {
            long millis = -1;
            if (peer != null) {
                synchronized (peer) {
                    millis = peer.lastBeat[i] == NEVER ? -1 : (now - peer.lastBeat[i]) / 1_000_000L;
                }
            }
            last.put(networks.get(i), millis);
        }
        return new PeerStatus(node, alive(node, now), anomaly(node, now) || unauthenticated(node, now), last, groups);
    }

    private boolean fresh(long last, long now) {
        return fresh(last, now, deadNanos);
    }

    private static boolean fresh(long last, long now, long deadNanos) {
        return last != NEVER && now - last < deadNanos;
    }

    private static boolean fresh(long[] lasts, long now, long deadNanos) {
        for (long last : lasts) {
            if (fresh(last, now, deadNanos)) {
                return true;
            }
        }
        return false;
    }

    private static final class Peer {
        /** When the last beat came on each network, on the wall clock (for ages) and on the listening clock (for silence). */
        final long[] lastBeat;
        final long[] lastListened;
        long aliveSince;
        long bootId;
        long sequence = -1;
        long lastUnauthenticated = NEVER;
        boolean authenticatedOnce;
        List<GroupAnnouncement> groups = List.of();
        QuorumFlags quorum = QuorumFlags.NONE;
        /** {@link #groups} by name (the last of a name, as a group in two parts counts), made when asked after they changed. */
        private Map<String, GroupAnnouncement> byName = Map.of();
        private List<GroupAnnouncement> named = List.of();

        Peer(int networks) {
            lastBeat = new long[networks];
            lastListened = new long[networks];
            java.util.Arrays.fill(lastBeat, NEVER);
            java.util.Arrays.fill(lastListened, NEVER);
        }

        /** @return what the peer announces of the group, or null; asked for every group on every tick, hence the index */
        GroupAnnouncement announcement(String group) {
            if (named != groups) {
                Map<String, GroupAnnouncement> index = new java.util.HashMap<>();
                for (GroupAnnouncement announcement : groups) {
                    index.put(announcement.group(), announcement);
                }
                byName = index;
                named = groups;
            }
            return byName.get(group);
        }

        /** @return whether a beat came on some network within the dead time, on the listening clock */
        boolean heard(long listening, long deadNanos) {
            return fresh(lastListened, listening, deadNanos);
        }
    }
}
