package org.ipfailover.api;

import java.time.Duration;
import java.util.List;

/**
 * What an action is told when it runs.
 *
 * @param group the group's name
 * @param phase the phase being run
 * @param addresses the group's addresses; the first is the group's primary address (Apple's
 *        script folders are named after it)
 * @param node this node's id
 * @param peer the node the group comes from or goes to, or null when none is known
 * @param timeout how long the action may take before it is abandoned
 */
public record ActionContext(String group, Phase phase, List<Vip> addresses, String node, String peer, Duration timeout) {
    /** Copies the list of addresses. */
    public ActionContext {
        addresses = List.copyOf(addresses);
    }

    /** @return the group's first address, or null when it has none */
    public Vip primaryAddress() {
        return addresses.isEmpty() ? null : addresses.get(0);
    }
}
