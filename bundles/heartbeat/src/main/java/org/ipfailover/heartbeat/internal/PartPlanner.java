package org.ipfailover.heartbeat.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.GroupAnnouncement;

/**
 * Cuts this node's announcements into the parts of a beat, one datagram of at most 1200 bytes
 * each. A group stays in the part it was in: a receiver keeps the latest datagram of every part,
 * so a group that moved to another part could, between the two datagrams, be in neither. When
 * groups must move (fewer parts would do), the number of parts changes too, and the receivers
 * start their assembly anew. Used by the sender thread only.
 */
final class PartPlanner {
    private final int capacity;
    private List<GroupAnnouncement> plannedFor;
    private List<List<GroupAnnouncement>> plan;
    private Map<String, Integer> partOf = Map.of();
    private int parts;

    /** @param emptyDatagram the bytes of a datagram without groups on the network with the longest name */
    PartPlanner(int emptyDatagram) {
        capacity = HeartbeatCodec.MAX_DATAGRAM - emptyDatagram;
    }

    /**
     * @param groups the announcements, in the order to send them
     * @return the groups of each part, in that order; one part at least
     * @throws IllegalArgumentException naming a group whose name cannot be sent, or when more than
     *         255 parts would be needed
     */
    List<List<GroupAnnouncement>> plan(List<GroupAnnouncement> groups) {
        if (plan != null && groups.equals(plannedFor)) {
            return plan;
        }
        int[] sizes = sizes(groups);
        int[] sticky = new int[groups.size()];
        int stickyParts = assign(groups, sizes, partOf, parts, sticky);
        int[] fresh = new int[groups.size()];
        int freshParts = assign(groups, sizes, Map.of(), 0, fresh);
        int[] chosen = sticky;
        int count = stickyParts;
        if (stickyParts > HeartbeatCodec.MAX_PARTS || freshParts < parts) {
            chosen = fresh;
            // groups move: a new number of parts makes the receivers drop what they assembled so far
            count = freshParts == parts && freshParts < HeartbeatCodec.MAX_PARTS ? freshParts + 1 : freshParts;
        }
        if (count > HeartbeatCodec.MAX_PARTS) {
            throw new IllegalArgumentException(groups.size() + " groups need " + freshParts
                    + " datagrams of at most " + HeartbeatCodec.MAX_DATAGRAM + " bytes per beat, and a beat has at most "
                    + HeartbeatCodec.MAX_PARTS + ": give the groups shorter names, or spread them over more nodes");
        }
        List<List<GroupAnnouncement>> members = new ArrayList<>(count);
        for (int part = 0; part < count; part++) {
            members.add(new ArrayList<>());
        }
        Map<String, Integer> placed = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            members.get(chosen[i]).add(groups.get(i));
            placed.put(groups.get(i).group(), chosen[i]);
        }
        plan = members.stream().map(List::copyOf).toList();
        plannedFor = groups;
        partOf = placed;
        parts = count;
        return plan;
    }

    /** First fit, groups that had a part keeping it. @return the number of parts, at least {@code minParts} and 1 */
    private int assign(List<GroupAnnouncement> groups, int[] sizes, Map<String, Integer> previous, int minParts,
            int[] assignment) {
        List<Integer> loads = new ArrayList<>();
        for (int part = 0; part < Math.max(1, minParts); part++) {
            loads.add(0);
        }
        for (int i = 0; i < groups.size(); i++) {
            Integer part = previous.get(groups.get(i).group());
            if (part != null && part < loads.size() && loads.get(part) + sizes[i] <= capacity) {
                loads.set(part, loads.get(part) + sizes[i]);
                assignment[i] = part;
            } else {
                assignment[i] = -1;
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            if (assignment[i] >= 0) {
                continue;
            }
            int part = 0;
            while (part < loads.size() && loads.get(part) + sizes[i] > capacity) {
                part++;
            }
            if (part == loads.size()) {
                loads.add(0);
            }
            loads.set(part, loads.get(part) + sizes[i]);
            assignment[i] = part;
        }
        return loads.size();
    }

    private static int[] sizes(List<GroupAnnouncement> groups) {
        int[] sizes = new int[groups.size()];
        for (int i = 0; i < sizes.length; i++) {
            String name = groups.get(i).group();
            if (name.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
                throw new IllegalArgumentException("group name \"" + name + "\" is " + (name.isEmpty() ? "empty" : "not valid Unicode"));
            }
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > HeartbeatCodec.MAX_NAME) {
                throw new IllegalArgumentException("group name \"" + name + "\" is " + bytes + " bytes of UTF-8; at most "
                        + HeartbeatCodec.MAX_NAME + " fit a heartbeat");
            }
            sizes[i] = HeartbeatCodec.groupBytes(bytes);
        }
        return sizes;
    }
}
