package org.ipfailover.api;

/** How a check, a tracked interface or a whole group stands on this node. */
public enum Health {
    /** Not known yet: a check that has not decided, an interface not looked at yet. No takeover on it. */
    PENDING,
    /** Passing: a check passed {@code rise} times since it last failed, an interface is up. */
    HEALTHY,
    /** Failing: a check failed {@code fall} times in a row, an interface is down past the debounce. */
    UNHEALTHY
}
