package org.ipfailover.detector.internal;

import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;

/**
 * A group state machine's answer to an input: the transition (possibly none), what to do about
 * it, and what to tell the listeners.
 */
record Step(GroupState from, GroupState to, Effect effect, FailoverEvent.Type event, String peer, String reason) {
    enum Effect {
        NONE,
        /** Run the TEST phase. */
        TEST,
        /** Run PRE_ACQUIRE, add and announce the addresses, run POST_ACQUIRE. */
        ACQUIRE,
        /** Run PRE_RELEASE, remove the addresses, run POST_RELEASE. */
        RELEASE,
        /** Announce the held addresses again (reclaim after a healed partition). */
        ANNOUNCE,
        /** Add any address missing after a restart and announce them, running no action. */
        RECONCILE
    }

    static final Step NOTHING = new Step(null, null, Effect.NONE, null, null, null);

    boolean changes() {
        return to != null && to != from;
    }
}
