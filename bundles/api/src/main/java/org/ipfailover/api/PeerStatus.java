package org.ipfailover.api;

import java.util.List;
import java.util.Map;

/**
 * One peer as this node sees it.
 *
 * @param node the peer's id
 * @param alive whether it was heard on any network within the dead time
 * @param anomaly whether it is silent on some networks but not all
 * @param lastBeatMillis per configured network, milliseconds since its last beat there (-1: never)
 * @param groups what it last announced
 */
public record PeerStatus(String node, boolean alive, boolean anomaly, Map<String, Long> lastBeatMillis,
        List<GroupAnnouncement> groups) {
    /** Copies the collections. */
    public PeerStatus {
        lastBeatMillis = Map.copyOf(lastBeatMillis);
        groups = List.copyOf(groups);
    }
}
