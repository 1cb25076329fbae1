package org.ipfailover.netif.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interface indexes by name, asked of the kernel once per {@link #FRESH_NANOS} at most: a takeover
 * of 256 groups asks for the same few interfaces a thousand times, and every question is a netlink
 * round trip on the backend's one socket. Only found interfaces are kept (a missing one may come).
 * An index that is no longer an interface fails its request with ENODEV; the backend then
 * {@link #forget}s it and asks again. An interface renamed, and its name given to another, within
 * the freshness is the one case an old index stands for the name a moment too long; a rename needs
 * the interface down, which a tracked link already reports.
 */
final class InterfaceIndexes {
    static final long FRESH_NANOS = 1_000_000_000L;

    @FunctionalInterface
    interface LookUp {
        /** @return the interface's index, 0 when there is none */
        int index(String device) throws NetlinkException;
    }

    private record Known(int index, long askedNanos) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final LookUp lookUp;

    InterfaceIndexes(LookUp lookUp) {
        this.lookUp = lookUp;
    }

    /** @return the interface's index, 0 when there is none */
    int index(String device) throws NetlinkException {
        long now = System.nanoTime();
        Known entry = known.get(device);
        if (entry != null && now - entry.askedNanos() < FRESH_NANOS) {
            return entry.index();
        }
        int index = lookUp.index(device);
        if (index == 0) {
            known.remove(device);
        } else {
            known.put(device, new Known(index, now));
        }
        return index;
    }

    /** The kernel said the index is no interface (any more): the next question goes to the kernel. */
    void forget(String device) {
        known.remove(device);
    }
}
