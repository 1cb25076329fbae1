package org.ipfailover.heartbeat.internal;

import java.util.Set;
import java.util.function.Supplier;
import org.ipfailover.api.Beat;
import org.ipfailover.api.HeartbeatStatistics;

/**
 * Decides whether an authentic beat that one socket received is for this node: not its own, from
 * a peer, on a network that socket serves, and not a replay (within this run, or of a boot older
 * than one seen before this node restarted).
 */
final class BeatFilter {
    /** The counter of beats that carry this node's id under another boot id: another node has the same id. */
    static final String DUPLICATE_NODE = "duplicateNode";

    private final String ownId;
    private final long ownBootId;
    private final Set<String> served;
    private final Supplier<Set<String>> peers;
    private final ReplayWindow replays;
    private final PeerBoots peerBoots;
    private final Runnable saveSoon;

    /**
     * @param ownBootId this node's boot id: a beat with this node's id and another boot id comes from another node
     * @param served the networks whose beats the socket takes: the ones bound to its address, or every
     *        configured one for a socket bound to every address
     * @param peers the nodes beats are taken from
     * @param saveSoon called when a peer's boot counter rose
     */
    BeatFilter(String ownId, long ownBootId, Set<String> served, Supplier<Set<String>> peers, ReplayWindow replays,
            PeerBoots peerBoots, Runnable saveSoon) {
        this.ownId = ownId;
        this.ownBootId = ownBootId;
        this.served = Set.copyOf(served);
        this.peers = peers;
        this.replays = replays;
        this.peerBoots = peerBoots;
        this.saveSoon = saveSoon;
    }

    boolean isPeer(String node) {
        return peers.get().contains(node);
    }

    /**
     * Records the beat as seen when it is taken.
     *
     * @return null to take the beat, else the {@link HeartbeatStatistics} counter of why it is
     *         dropped, or {@link #DUPLICATE_NODE}
     */
    String reject(Beat beat) {
        if (beat.node().equals(ownId)) {
            return beat.bootId() == ownBootId ? HeartbeatStatistics.OWN : DUPLICATE_NODE;
        }
        if (!peers.get().contains(beat.node())) {
            return HeartbeatStatistics.UNKNOWN_NODE;
        }
        if (!served.contains(beat.network())) {
            return HeartbeatStatistics.UNKNOWN_NETWORK;
        }
        if (!peerBoots.admits(beat.node(), beat.bootId(), beat.sequence(), beat.receivedNanos())
                || !replays.accept(beat.node(), beat.bootId(), beat.sequence())) {
            return HeartbeatStatistics.REPLAY;
        }
        if (peerBoots.record(beat.node(), beat.bootId(), beat.sequence())) {
            saveSoon.run();
        }
        return null;
    }
}
