package org.ipfailover.heartbeat.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;

/**
 * Puts the parts of each peer's beats together, per (node, boot id). Nothing is handed over until
 * every part of the boot has been seen; from then on every datagram hands over the union of the
 * latest datagram of each part, so that a group whose part was lost this round is still there as
 * last announced, never read as released. When the sender's number of parts changes, the assembly
 * starts anew, and datagrams older than that change are ignored. Shared by the receiver threads.
 */
final class PartAssembler {
    private final Map<String, Assembly> nodes = new HashMap<>();

    /**
     * @param beat an authentic, new beat of a peer, holding the groups of its part
     * @param part which part it is
     * @param parts how many parts the sender's beats have
     * @return what the peer announces, to hand over with this datagram; null while a part has not
     *         been seen, or for a datagram sent before the sender's parts last changed
     */
    synchronized List<GroupAnnouncement> add(Beat beat, int part, int parts) {
        Assembly assembly = nodes.get(beat.node());
        if (assembly != null && assembly.bootId == beat.bootId()) {
            if (Long.compareUnsigned(beat.sequence(), assembly.floor) < 0) {
                return null;
            }
            if (assembly.latest.length != parts) {
                assembly = null;
            }
        } else {
            assembly = null;
        }
        if (assembly == null) {
            // the parts of one round have consecutive sequence numbers: this round's first datagram on this network
            assembly = new Assembly(beat.bootId(), parts, beat.sequence() - part);
            nodes.put(beat.node(), assembly);
        }
        return assembly.add(part, beat.sequence(), beat.groups());
    }

    private static final class Assembly {
        final long bootId;
        final long floor;
        final List<GroupAnnouncement>[] latest;
        final long[] sequences;
        int seen;
        List<GroupAnnouncement> union;

        @SuppressWarnings("unchecked")
        Assembly(long bootId, int parts, long floor) {
            this.bootId = bootId;
            this.floor = floor;
            latest = new List[parts];
            sequences = new long[parts];
        }

        List<GroupAnnouncement> add(int part, long sequence, List<GroupAnnouncement> groups) {
            if (latest[part] == null) {
                seen++;
                union = null;
            } else if (Long.compareUnsigned(sequence, sequences[part]) <= 0) {
                return seen == latest.length ? union() : null;
            } else if (latest.length > 1 && !latest[part].equals(groups)) {
                union = null;
            }
            latest[part] = groups;
            sequences[part] = sequence;
            if (latest.length == 1) {
                union = groups;
            }
            return seen == latest.length ? union() : null;
        }

        private List<GroupAnnouncement> union() {
            if (union != null) {
                return union;
            }
            int total = 0;
            for (List<GroupAnnouncement> part : latest) {
                total += part.size();
            }
            List<GroupAnnouncement> all = new ArrayList<>(total);
            long[] sentAt = new long[total];
            Map<String, Integer> index = new HashMap<>();
            for (int part = 0; part < latest.length; part++) {
                for (GroupAnnouncement group : latest[part]) {
                    Integer at = index.putIfAbsent(group.group(), all.size());
                    if (at == null) {
                        sentAt[all.size()] = sequences[part];
                        all.add(group);
                    } else if (Long.compareUnsigned(sequences[part], sentAt[at]) > 0) {
                        // a group in two parts, while the sender's parts change: its newer word counts
                        all.set(at, group);
                        sentAt[at] = sequences[part];
                    }
                }
            }
            union = List.copyOf(all);
            return union;
        }
    }
}
