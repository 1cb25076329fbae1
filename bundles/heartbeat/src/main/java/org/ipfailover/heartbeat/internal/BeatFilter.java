package org.ipfailover.heartbeat.internal;

import java.util.Set;
import java.util.function.Supplier;
import org.ipfailover.api.Beat;
import org.ipfailover.api.HeartbeatStatistics;

/**
 * Decides whether an authentic beat that one socket received is for this node: not its own, from
 * a peer, on a network that socket serves, and not a replay.
 */
final class BeatFilter {
    private final String ownId;
    private final Set<String> served;
    private final Supplier<Set<String>> peers;
    private final ReplayWindow replays;

    /**
     * @param served the networks whose beats the socket takes: the ones bound to its address, or every
     *        configured one for a socket bound to every address
     * @param peers the nodes beats are taken from
     */
    BeatFilter(String ownId, Set<String> served, Supplier<Set<String>> peers, ReplayWindow replays) {
        this.ownId = ownId;
        this.served = Set.copyOf(served);
        this.peers = peers;
        this.replays = replays;
    }

    boolean isPeer(String node) {
        return peers.get().contains(node);
    }

    /** @return null to take the beat, else the {@link HeartbeatStatistics} counter of why it is dropped */
    String reject(Beat beat) {
        if (beat.node().equals(ownId)) {
            return HeartbeatStatistics.OWN;
        }
        if (!peers.get().contains(beat.node())) {
            return HeartbeatStatistics.UNKNOWN_NODE;
        }
        if (!served.contains(beat.network())) {
            return HeartbeatStatistics.UNKNOWN_NETWORK;
        }
        if (!replays.accept(beat.node(), beat.bootId(), beat.sequence())) {
            return HeartbeatStatistics.REPLAY;
        }
        return null;
    }
}
