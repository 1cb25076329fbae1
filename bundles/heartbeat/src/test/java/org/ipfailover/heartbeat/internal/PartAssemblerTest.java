package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.junit.jupiter.api.Test;

class PartAssemblerTest {
    private static final long BOOT = 5L << 32 | 1;
    private static final List<GroupAnnouncement> FIRST = List.of(group("a", GroupState.UP, 255), group("b", GroupState.UP, 255));
    private static final List<GroupAnnouncement> SECOND = List.of(group("c", GroupState.STANDBY, 1));
    private static final List<GroupAnnouncement> THIRD = List.of(group("d", GroupState.UP, 9));

    private final PartAssembler assembler = new PartAssembler();

    @Test
    void handsOverNothingUntilEveryPartWasSeenThenTheUnion() {
        assertNull(add(1, 0, 3, FIRST));
        assertNull(add(2, 1, 3, SECOND));
        assertNull(add(4, 0, 3, FIRST), "part 2 was never seen");

        assertEquals(all(FIRST, SECOND, THIRD), add(6, 2, 3, THIRD));
    }

    @Test
    void aGroupWhosePartWasLostIsStillThereAsLastAnnounced() {
        add(1, 0, 2, FIRST);
        add(2, 1, 2, SECOND);
        List<GroupAnnouncement> released = List.of(group("a", GroupState.RELEASING, 255), group("b", GroupState.UP, 255));

        // the next round's part 1 is lost: every datagram of part 0 still carries part 1's groups
        assertEquals(all(released, SECOND), add(3, 0, 2, released));
        assertEquals(all(released, SECOND), add(5, 0, 2, released));
        List<GroupAnnouncement> union = add(7, 0, 2, released);
        for (GroupAnnouncement group : SECOND) {
            assertEquals(group, union.stream().filter(g -> g.group().equals(group.group())).findFirst().orElse(null));
        }
    }

    @Test
    void anOlderDatagramOfAPartDoesNotReplaceANewerOne() {
        List<GroupAnnouncement> newer = List.of(group("c", GroupState.RELEASING, 1));
        add(10, 0, 2, FIRST);
        add(13, 1, 2, newer);
        assertEquals(all(FIRST, newer), add(11, 1, 2, SECOND), "sequence 11 came late: 13 is the latest of part 1");
    }

    @Test
    void startsAnewWhenTheSenderChangesItsNumberOfPartsAndIgnoresOlderDatagrams() {
        add(1, 0, 2, FIRST);
        assertEquals(all(FIRST, SECOND), add(2, 1, 2, SECOND));

        assertNull(add(3, 0, 3, FIRST), "three parts now: parts 1 and 2 of the new cut are not there yet");
        assertNull(add(2, 1, 2, SECOND), "a datagram of the old cut neither completes nor resets the new one");
        assertNull(add(4, 1, 3, SECOND));
        assertEquals(all(FIRST, SECOND, THIRD), add(5, 2, 3, THIRD));
    }

    @Test
    void startsAnewForAnotherBoot() {
        add(1, 0, 2, FIRST);
        add(2, 1, 2, SECOND);
        assertNull(assembler.add(new Beat("pri", BOOT + (1L << 32), 1, "public", 100, FIRST, null, 0), 0, 2));
    }

    @Test
    void aBeatOfOnePartIsHandedOverAsItIs() {
        Beat beat = beat(1, THIRD);
        assertSame(beat.groups(), assembler.add(beat, 0, 1));
        Beat next = beat(2, SECOND);
        assertSame(next.groups(), assembler.add(next, 0, 1));
        assertSame(next.groups(), assembler.add(beat(1, THIRD), 0, 1), "a late datagram hands over the latest");
    }

    @Test
    void keepsTheNodesApart() {
        add(1, 0, 2, FIRST);
        assertNull(assembler.add(new Beat("sec", BOOT, 2, "public", 100, SECOND, null, 0), 1, 2));
        assertEquals(all(FIRST, SECOND), add(2, 1, 2, SECOND));
    }

    private List<GroupAnnouncement> add(long sequence, int part, int parts, List<GroupAnnouncement> groups) {
        return assembler.add(beat(sequence, groups), part, parts);
    }

    private static Beat beat(long sequence, List<GroupAnnouncement> groups) {
        return new Beat("pri", BOOT, sequence, "public", 100, groups, null, 0);
    }

    @SafeVarargs
    private static List<GroupAnnouncement> all(List<GroupAnnouncement>... parts) {
        List<GroupAnnouncement> all = new ArrayList<>();
        for (List<GroupAnnouncement> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
