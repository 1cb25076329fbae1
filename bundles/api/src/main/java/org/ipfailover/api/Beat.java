package org.ipfailover.api;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One verified heartbeat, as the receiver hands it to the {@link BeatListener}s: authenticated,
 * not a replay, from a known node, on a configured network.
 *
 * @param node the sending node's id
 * @param bootId random per start of the sending process
 * @param sequence the datagram's sequence number within that boot
 * @param network the network the beat was sent on
 * @param intervalMillis the sender's heartbeat interval
 * @param groups what the sender announces about its groups
 * @param source where the datagram came from
 * @param receivedNanos {@link System#nanoTime()} at reception
 * @param quorum what the sender says of its quorum ({@link QuorumFlags#NONE} from a node without one)
 */
public record Beat(String node, long bootId, long sequence, String network, int intervalMillis,
        List<GroupAnnouncement> groups, InetSocketAddress source, long receivedNanos, QuorumFlags quorum) {
    /** Copies the list of groups; a null quorum is {@link QuorumFlags#NONE}. */
    public Beat {
        groups = List.copyOf(groups);
        quorum = quorum == null ? QuorumFlags.NONE : quorum;
    }

    /** A beat from a node without a quorum. */
    public Beat(String node, long bootId, long sequence, String network, int intervalMillis, List<GroupAnnouncement> groups,
            InetSocketAddress source, long receivedNanos) {
        this(node, bootId, sequence, network, intervalMillis, groups, source, receivedNanos, QuorumFlags.NONE);
    }

    /** @return this beat with other groups (a beat's parts put together) */
    public Beat withGroups(List<GroupAnnouncement> other) {
        return new Beat(node, bootId, sequence, network, intervalMillis, other, source, receivedNanos, quorum);
    }

    /**
     * @param group a group's name
     * @return the sender's announcement for that group, or null when it does not announce it
     */
    public GroupAnnouncement group(String group) {
        for (GroupAnnouncement announcement : groups) {
            if (announcement.group().equals(group)) {
                return announcement;
            }
        }
        return null;
    }
}
