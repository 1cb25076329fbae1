package org.ipfailover.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told the state of this host's interfaces by {@link NetworkBackend#watchLinks}. Called on the
 * backend's thread: it must return at once.
 */
@ConsumerType
public interface LinkListener {
    /**
     * An interface's state, first once for every interface the host has, then at every change.
     *
     * @param state the interface's state now
     */
    void linkChanged(LinkState state);

    /**
     * The backend cannot watch for a while (its monitor died and is being restarted): the states
     * last told may be stale until the next {@link #linkChanged} of each interface, which follows
     * as soon as watching works again.
     *
     * @param reason why, in one line
     */
    default void watchInterrupted(String reason) {
    }
}
