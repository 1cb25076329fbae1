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
 */
public record Beat(String node, long bootId, long sequence, String network, int intervalMillis,
        List<GroupAnnouncement> groups, InetSocketAddress source, long receivedNanos) {
    /** Copies the list of groups. */
    public Beat {
        groups = List.copyOf(groups);
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
