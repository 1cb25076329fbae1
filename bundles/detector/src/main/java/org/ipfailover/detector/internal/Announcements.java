package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;

/** What this node announces of its groups in its beats. Published on the decision thread; read from any. */
final class Announcements {
    private final DetectorSettings settings;
    private final GroupTable table;
    private final Map<String, GroupState> journaled;
    private final Deadlines deadlines;
    private final Runnable changed;
    private volatile List<GroupAnnouncement> current = List.of();
    private volatile boolean leaving;

    /** @param changed told when what is announced changes: beat now */
    Announcements(DetectorSettings settings, GroupTable table, Map<String, GroupState> journaled, Deadlines deadlines, Runnable changed) {
        this.settings = settings;
        this.table = table;
        this.journaled = journaled;
        this.deadlines = deadlines;
        this.changed = changed;
    }

    List<GroupAnnouncement> current() {
        return current;
    }

    /** The node stops: it is a candidate for nothing from now on. */
    void leave() {
        leaving = true;
    }

    boolean leaving() {
        return leaving;
    }

    /**
     * Until a journaled group's configuration arrives (it comes through ConfigAdmin a moment after
     * a restarted detector starts), the group is announced as INIT for one dead time, so that no
     * peer mistakes "announces nothing" for a yielded group and takes it over.
     */
    void publish() {
        List<GroupAnnouncement> next = new ArrayList<>();
        for (GroupStateMachine machine : table.all()) {
            GroupSettings group = machine.settings();
            next.add(new GroupAnnouncement(group.name(), announced(machine.state()), machine.announcedPriority(), machine.fingerprint()));
        }
        if (deadlines.sinceStartMillis() < settings.deadMillis()) {
            for (String group : journaled.keySet()) {
                if (!table.contains(group)) {
                    next.add(new GroupAnnouncement(group, GroupState.INIT, 0));
                }
            }
        }
        if (!next.equals(current)) {
            current = List.copyOf(next);
            changed.run();
        }
    }

    /**
     * A stopping node is no candidate for anything: what it does not hold it announces as STANDBY, so
     * that a peer takes the groups as soon as they are released here, not a dead time after the last
     * beat (the journal keeps a stopped primary's RECOVER for its next start).
     */
    private GroupState announced(GroupState state) {
        return switch (state) {
            case INIT, RECOVER, TESTING -> leaving ? GroupState.STANDBY : state;
            default -> state;
        };
    }
}
