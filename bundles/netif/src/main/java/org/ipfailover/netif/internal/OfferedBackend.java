package org.ipfailover.netif.internal;

import java.util.List;
import org.ipfailover.api.NetworkBackend;

/** A backend this bundle offers: the programs of the host it runs, if any, and how it is withdrawn. */
interface OfferedBackend extends NetworkBackend {
    /** @return the programs it runs, found or not; the first is the one it cannot work without; none for netlink */
    List<Tool> tools();

    /**
     * Gets ready before the first takeover needs it (loads native code, opens sockets), so that the
     * first takeover does not pay for it; called once on a thread of the provider. A failure here is
     * reported by the call that meets it.
     */
    default void prepare() {
    }

    /** Stops what it runs in the background, its link watches: it is withdrawn. */
    default void close() {
    }
}
