package org.ipfailover.api;

import java.util.Objects;

/**
 * The outcome of one action.
 *
 * @param action the action's name
 * @param success whether it did what it should
 * @param reason why it failed, or what it did; never null
 * @param millis how long the action ran, in milliseconds, as the detector measured it; -1 where
 *        not measured (a result as the action itself returns it)
 * @since 2.2
 */
public record ActionResult(String action, boolean success, String reason, long millis) {
    /** Checks the fields. */
    public ActionResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A result whose running time is not measured.
     *
     * @param action the action's name
     * @param success whether it did what it should
     * @param reason why it failed, or what it did
     */
    public ActionResult(String action, boolean success, String reason) {
        this(action, success, reason, -1);
    }

    /**
     * @param elapsed how long the action ran, in milliseconds
     * @return this result with that running time
     * @since 2.2
     */
    public ActionResult withMillis(long elapsed) {
        return new ActionResult(action, success, reason, elapsed);
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
