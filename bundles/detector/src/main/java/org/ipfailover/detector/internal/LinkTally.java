package org.ipfailover.detector.internal;

import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.LinkState;

/**
 * One interface's link as the backend reports it: healthy while up, unhealthy once down for the
 * debounce, pending until first reported. Decision thread only.
 */
final class LinkTally {
    private final String device;
    private Boolean up;
    private String detail = "not reported yet";
    private long downSince = -1;
    private long since;
    private boolean debounced;
    private boolean everUp;

    LinkTally(String device, long now) {
        this.device = device;
        this.since = now;
    }

    String check() {
        return "link:" + device;
    }

    /** @return whether its health changed at once (going up; going down changes only after the debounce) */
    boolean report(LinkState state, long now) {
        Health before = health();
        detail = state.detail().isEmpty() ? (state.up() ? "up" : "down") : state.detail();
        if (state.up()) {
            up = true;
            everUp = true;
            downSince = -1;
            debounced = false;
        } else if (up == null || up) {
            up = false;
            downSince = now;
        }
        return changedFrom(before, now);
    }

    /** The debounce of a down link may have ended: @return whether its health changed */
    boolean debounce(long now, long debounceMillis) {
        Health before = health();
        if (up != null && !up && !debounced && now - downSince >= debounceMillis) {
            debounced = true;
        }
        return changedFrom(before, now);
    }

    /** @return when the debounce of a down link ends, or -1 */
    long debounceEnds(long debounceMillis) {
        return up != null && !up && !debounced ? downSince + debounceMillis : -1;
    }

    Health health() {
        if (up == null) {
            return Health.PENDING;
        }
        if (up) {
            return Health.HEALTHY;
        }
        return debounced ? Health.UNHEALTHY : everUp ? Health.HEALTHY : Health.PENDING;
    }

    String output() {
        return detail;
    }

    private boolean changedFrom(Health before, long now) {
        if (health() != before) {
            since = now;
            return true;
        }
        return false;
    }

    HealthStatus status(String group, long nowWall, long now) {
        Health health = health();
        return new HealthStatus(group, check(), health, up != null && up ? 1 : 0, up != null && !up ? 1 : 0, detail,
                nowWall - (now - since));
    }
}
