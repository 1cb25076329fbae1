package org.ipfailover.api;

import java.util.List;
import java.util.Objects;

/**
 * Whether this node's heartbeat goes out, as the heartbeat tells the {@link BeatListener}s each
 * time it changes. A node that is not heard must take nothing over: its peers would not know.
 *
 * @param sending whether a beat went out on at least one network, with nothing that stops the
 *        peers from reading it (every group announced, authenticated as configured)
 * @param networks the networks on which the latest beat went out
 * @param problem why the heartbeat does not go out, or does not go out everywhere, in one line an
 *        operator can act on; empty when all is well
 */
public record HeartbeatHealth(boolean sending, List<String> networks, String problem) {
    /** Copies the list of networks. */
    public HeartbeatHealth {
        networks = List.copyOf(networks);
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * @param problem why no heartbeat goes out
     * @return the health of a heartbeat that sends nothing
     */
    public static HeartbeatHealth silent(String problem) {
        return new HeartbeatHealth(false, List.of(), problem);
    }

    // Written out: the record's own equals goes through method handles, which the node's JIT
    // (C1 alone) does not inline, and the heartbeat compares its health after every beat.
    @Override
    public boolean equals(Object other) {
        return other instanceof HeartbeatHealth that && sending == that.sending && networks.equals(that.networks)
                && problem.equals(that.problem);
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(sending) * 31 + networks.hashCode()) * 31 + problem.hashCode();
    }
}
