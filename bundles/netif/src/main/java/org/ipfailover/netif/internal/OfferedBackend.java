package org.ipfailover.netif.internal;

import java.util.List;
import org.ipfailover.api.NetworkBackend;

/** A backend this bundle offers: the programs of the host it runs, if any, and how it is withdrawn. */
interface OfferedBackend extends NetworkBackend {
    /** @return the programs it runs, found or not; the first is the one it cannot work without; none for netlink */
    List<Tool> tools();

    /** Stops what it runs in the background, its link watches: it is withdrawn. */
    default void close() {
    }
}
