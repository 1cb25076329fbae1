package org.ipfailover.netif.internal;

import java.util.List;
import org.ipfailover.api.NetworkBackend;

/** A backend that does its work, or part of it, by running programs of the host. */
interface CommandLineBackend extends NetworkBackend {
    /** @return the programs it runs, found or not; the first is the one it cannot work without */
    List<Tool> tools();

    /** @return whether it cannot work without the first of its {@link #tools}; false when it only announces with them */
    default boolean needsFirstTool() {
        return true;
    }

    /** Stops what it runs in the background, its link watches: it is withdrawn. */
    default void close() {
    }
}
