package org.ipfailover.api;

import java.util.Objects;

/**
 * The outcome of one action.
 *
 * @param action the action's name
 * @param success whether it did what it should
 * @param reason why it failed, or what it did; never null
 */
public record ActionResult(String action, boolean success, String reason) {
    /** Checks the fields. */
    public ActionResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param action the action's name
     * @param detail what it did, may be empty
     * @return a success
     */
    public static ActionResult ok(String action, String detail) {
        return new ActionResult(action, true, detail);
    }

    /**
     * @param action the action's name
     * @param reason why it failed
     * @return a failure
     */
    public static ActionResult failed(String action, String reason) {
        return new ActionResult(action, false, reason);
    }

    @Override
    public String toString() {
        return action + (success ? " ok" : " FAILED") + (reason.isEmpty() ? "" : ": " + reason);
    }
}
