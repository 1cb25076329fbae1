package org.ipfailover.netif.internal;

import java.util.List;
import org.ipfailover.api.NetworkBackend;

/** A backend that does its work by running programs of the host. */
interface CommandLineBackend extends NetworkBackend {
    /** @return the programs it runs, found or not; the first is the one it cannot work without */
    List<Tool> tools();

    /** Stops what it runs in the background, its link watches: it is withdrawn. */
    default void close() {
    }
}
