package org.ipfailover.notify.mail.internal;

import java.util.HashMap;
import java.util.Map;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;

/**
 * Why a takeover or a release began. The detector's TAKEOVER and RELEASE events give the outcome
 * of the address change as their reason ("eth0:198.51.100.10/24 added"); the cause ("pri is
 * silent on every network") came with the change to TESTING or RELEASING before it.
 */
final class TransitionCauses {
    private final Map<String, String> takeovers = new HashMap<>();
    private final Map<String, String> releases = new HashMap<>();

    /** @return the cause of the transition this event ends, or null when it is not known */
    synchronized String note(FailoverEvent event) {
        if (event.group() == null) {
            return null;
        }
        if (event.to() == GroupState.TESTING && event.from() != GroupState.TESTING) {
            takeovers.put(event.group(), event.reason());
        } else if (event.to() == GroupState.RELEASING && event.from() != GroupState.RELEASING) {
            releases.put(event.group(), event.reason());
        }
        if (event.type() == Type.TAKEOVER || event.type() == Type.TAKEOVER_FAILED || event.type() == Type.TEST_VETO) {
            return takeovers.remove(event.group());
        }
        if (event.type() == Type.RELEASE) {
            return releases.remove(event.group());
        }
        return null;
    }
}
