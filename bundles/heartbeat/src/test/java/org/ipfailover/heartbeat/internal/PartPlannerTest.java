package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.KEY;
import static org.ipfailover.heartbeat.internal.Datagrams.group;
import static org.ipfailover.heartbeat.internal.Datagrams.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.junit.jupiter.api.Test;

class PartPlannerTest {
    private static final String NODE = utf8(64, "n");
    private static final String NETWORK = utf8(64, "p");

    private final PartPlanner planner = new PartPlanner(HeartbeatCodec.emptyDatagram(64, 64));
    private final HeartbeatCodec codec = new HeartbeatCodec(KEY);

    @Test
    void aFewGroupsTakeOnePart() {
        List<GroupAnnouncement> groups = groups(3, "web", GroupState.UP);
        assertEquals(List.of(groups), planner.plan(groups));
        assertEquals(List.of(List.of()), planner.plan(List.of()), "no group is one empty part");
    }

    @Test
    void everyPartOfManyGroupsFitsADatagramAndNoGroupIsLeftOut() {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            groups.add(group(String.format("%s%04d", utf8(60, "é"), i), GroupState.STANDBY, i % 256, i));
        }

        List<List<GroupAnnouncement>> parts = planner.plan(groups);

        assertTrue(parts.size() > 60, parts.size() + " parts");
        List<GroupAnnouncement> all = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            int bytes = Datagrams.encode(codec, new Beat(NODE, 1, 1, NETWORK, 100, parts.get(part), null, 0), part,
                    parts.size()).length;
            assertTrue(bytes <= HeartbeatCodec.MAX_DATAGRAM, "part " + part + ": " + bytes + " bytes");
            all.addAll(parts.get(part));
        }
        assertEquals(groups.size(), all.size());
        assertTrue(all.containsAll(groups));
    }

    @Test
    void aGroupKeepsItsPartWhileStatesChangeAndGroupsComeAndGo() {
        List<GroupAnnouncement> groups = groups(40, utf8(60, "x"), GroupState.STANDBY);
        Map<String, Integer> before = partOf(planner.plan(groups));
        int parts = planner.plan(groups).size();
        assertTrue(parts >= 3, parts + " parts");

        List<GroupAnnouncement> changed = new ArrayList<>(groups);
        changed.set(0, group(groups.get(0).group(), GroupState.UP, 1));
        changed.remove(5);
        changed.add(0, group("new", GroupState.INIT, 1));
        Map<String, Integer> after = partOf(planner.plan(changed));

        assertEquals(parts, planner.plan(changed).size());
        for (GroupAnnouncement group : changed.subList(1, changed.size())) {
            assertEquals(before.get(group.group()), after.get(group.group()), group.group() + " moved");
        }
        assertTrue(planner.plan(changed).get(before.get(groups.get(0).group())).contains(changed.get(1)),
                "the part holds the group's new state");
    }

    @Test
    void whenGroupsMoveTheNumberOfPartsChanges() {
        List<GroupAnnouncement> groups = groups(60, utf8(60, "x"), GroupState.STANDBY);
        List<List<GroupAnnouncement>> full = planner.plan(groups);
        // removing the groups of the first part lets the rest fit in fewer parts, if they move
        List<GroupAnnouncement> fewer = new ArrayList<>(groups);
        fewer.removeAll(full.get(0));

        List<List<GroupAnnouncement>> compacted = planner.plan(fewer);

        assertNotEquals(full.size(), compacted.size());
        assertEquals(fewer, compacted.stream().flatMap(List::stream).sorted(
                (a, b) -> Integer.compare(fewer.indexOf(a), fewer.indexOf(b))).toList());
    }

    @Test
    void theSamePlanIsReusedWhileNothingChanges() {
        List<GroupAnnouncement> groups = groups(20, "g", GroupState.UP);
        assertSame(planner.plan(groups), planner.plan(new ArrayList<>(groups)));
    }

    @Test
    void refusesWhatCannotBeAnnouncedInOneLine() {
        List<GroupAnnouncement> tooMany = new ArrayList<>();
        for (int i = 0; i < 15 * 256; i++) {
            tooMany.add(group(String.format("%s%05d", utf8(59, "x"), i), GroupState.STANDBY, 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planner.plan(tooMany));
        assertTrue(e.getMessage().contains("3840 groups need") && e.getMessage().contains("at most 255")
                && !e.getMessage().contains("\n"), e.getMessage());

        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> planner.plan(List.of(group(utf8(65, "x"), GroupState.UP, 1))));
        assertTrue(name.getMessage().contains("65 bytes"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> planner.plan(List.of(group("bad\uD800", GroupState.UP, 1))));
    }

    private static List<GroupAnnouncement> groups(int count, String prefix, GroupState state) {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(group(prefix + String.format("%02d", i), state, 1));
        }
        return groups;
    }

    private static Map<String, Integer> partOf(List<List<GroupAnnouncement>> parts) {
        Map<String, Integer> partOf = new HashMap<>();
        for (int part = 0; part < parts.size(); part++) {
            for (GroupAnnouncement group : parts.get(part)) {
                partOf.put(group.group(), part);
            }
        }
        return partOf;
    }
}
