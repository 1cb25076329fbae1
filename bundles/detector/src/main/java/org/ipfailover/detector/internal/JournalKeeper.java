package org.ipfailover.detector.internal;

import java.util.Map;
import org.ipfailover.api.GroupState;

/**
 * Keeps the state journal written, with an alarm while it cannot be, and what it said at start.
 */
final class JournalKeeper {
    private final StateJournal journal;
    private final Alarms alarms;
    private final Map<String, GroupState> atStart;

    JournalKeeper(StateJournal journal, Alarms alarms) {
        this.journal = journal;
        this.alarms = alarms;
        this.atStart = journal.read();
    }

    /** The states journaled before this detector started, by group. */
    Map<String, GroupState> atStart() {
        return atStart;
    }

    /** The group's state is written with the next {@link #commit()}, with every other state staged until then. */
    void stage(String group, GroupState state) {
        journal.stage(group, state);
    }

    void commit() {
        written(journal.commit());
    }

    void forget(String group) {
        written(journal.forget(group));
    }

    private void written(String problem) {
        alarms.set("journal", problem != null, "state journal: " + journal.file() + " cannot be written (" + problem
                + "): a restart would not know what this node held; free space or fix permissions in " + journal.file().getParent(),
                "the state journal is written again");
    }
}
