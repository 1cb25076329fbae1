package org.ipfailover.api;

/**
 * The state of one group on one node, as operators see it and as heartbeats announce it.
 * AFMfail's names are kept where they mean the same.
 */
public enum GroupState {
    /** Just started: listening to the peers before deciding anything. */
    INIT(0),
    /** A backup watching the nodes ranked above it; or a primary that has yielded the group. */
    STANDBY(1),
    /** Running the Test actions before a takeover. */
    TESTING(2),
    /** Running the acquire pipeline: the addresses are being added. */
    ACQUIRING(3),
    /** Holding the group's addresses. */
    UP(4),
    /** Running the release pipeline: the addresses are being removed. */
    RELEASING(5),
    /** A primary that wants its group back and waits for the holder to release it. */
    RECOVER(6),
    /** Administratively down or failed: will not take the group. */
    FAIL(7),
    /** Disabled by configuration. */
    DISABLED(8);

    private final int code;

    GroupState(int code) {
        this.code = code;
    }

    /** @return the state's code on the wire */
    public int code() {
        return code;
    }

    /** @return whether a node in this state holds (or is adding, or still removing) the addresses */
    public boolean holds() {
        return this == ACQUIRING || this == UP || this == RELEASING;
    }

    /**
     * @param code a wire code
     * @return the state with that code
     * @throws IllegalArgumentException for an unknown code
     */
    public static GroupState ofCode(int code) {
        GroupState[] states = values();
        if (code < 0 || code >= states.length) {
            throw new IllegalArgumentException("unknown group state code " + code);
        }
        return states[code];
    }
}
