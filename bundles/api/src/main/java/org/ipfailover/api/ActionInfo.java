package org.ipfailover.api;

/**
 * One action in a group's pipeline, as {@code failover:actions} shows it.
 *
 * @param phase the phase it runs in
 * @param name the action's name
 * @param ranking its {@code service.ranking}: higher runs earlier on acquire, later on release
 * @param bundle the symbolic name of the bundle that provides it
 * @param onFailure what a failure does ("abort" or "continue"; the TEST phase always aborts)
 * @param timeoutMillis how long one run may take
 */
public record ActionInfo(Phase phase, String name, int ranking, String bundle, String onFailure, long timeoutMillis) {
}
