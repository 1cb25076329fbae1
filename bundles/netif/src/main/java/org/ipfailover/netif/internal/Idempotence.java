package org.ipfailover.netif.internal;

import java.util.List;

/**
 * Recognises the failures that mean an address change was already done: adding an address the
 * interface holds, or removing one it does not hold, succeeds.
 */
final class Idempotence {
    /** iproute2 on older kernels ("RTNETLINK answers: File exists"), newer ones, and BSD ifconfig. */
    private static final List<String> ALREADY_ADDED = List.of("file exists", "already assigned");
    /** iproute2 old and new, BSD ifconfig ("Can't assign"), and an interface that is gone altogether. */
    private static final List<String> ALREADY_REMOVED = List.of("cannot assign requested address",
            "can't assign requested address", "address not found", "does not exist", "cannot find device");

    private Idempotence() {
    }

    static boolean alreadyAdded(CommandResult result) {
        return result.failedSaying(ALREADY_ADDED);
    }

    static boolean alreadyRemoved(CommandResult result) {
        return result.failedSaying(ALREADY_REMOVED);
    }
}
