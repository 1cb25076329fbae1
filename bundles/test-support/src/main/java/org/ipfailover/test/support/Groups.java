package org.ipfailover.test.support;

import java.util.List;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;

/**
 * A group as the detector shows it to operators. {@link FailoverControl#groups()} answers from the
 * decision thread, after every decision queued before the call: a state read here is one the
 * detector has settled on, not one it is about to leave.
 */
public final class Groups {
    private Groups() {
    }

    /** @return the group's status, or null when the detector has no such group */
    public static GroupStatus status(FailoverControl control, String group) {
        return control.groups().stream().filter(status -> status.group().equals(group)).findFirst().orElse(null);
    }

    /** @return the group's state, or null when the detector has no such group */
    public static GroupState state(FailoverControl control, String group) {
        GroupStatus status = status(control, group);
        return status == null ? null : status.state();
    }

    public static void awaitState(FailoverControl control, String group, GroupState expected) throws InterruptedException {
        Await.awaitValue(group + " to be " + expected, () -> state(control, group), expected::equals);
    }

    /** @return the events of the detector's history, oldest first, that are of this type and concern this group */
    public static List<FailoverEvent> events(FailoverControl control, String group, FailoverEvent.Type type) {
        return control.history(1000).stream().filter(event -> event.type() == type && group.equals(event.group())).toList();
    }
}
