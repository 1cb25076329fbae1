package org.ipfailover.actions.volume.internal;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a busy unmount is handled: tried again {@code retries} times, {@code interval} apart, then forced only when allowed. */
record UnmountPolicy(int retries, Duration interval, boolean force) {
    private static final Logger LOG = LoggerFactory.getLogger(UnmountPolicy.class);

    interface Attempt {
        Commands.Result unmount(boolean force) throws VolumeException, InterruptedException;
    }

    /**
     * @param what the volume and its mount point, for messages
     * @param holders names the processes that keep it busy
     * @return what happened
     * @throws VolumeException when it is still mounted
     */
    String apply(String what, Attempt attempt, Supplier<String> holders, Deadline deadline)
            throws VolumeException, InterruptedException {
        int tries = 0;
        String failure;
        while (true) {
            tries++;
            Commands.Result result = attempt.unmount(false);
            if (result.ok()) {
                return "unmounted " + what + (tries > 1 ? " on try " + tries : "");
            }
            String held = holders.get();
            failure = result.describe() + (held.isEmpty() ? "" : "; held by " + held);
            LOG.info("Unmounting {}, try {} of {}: {}", what, tries, retries + 1, failure);
            // stop early rather than leave no time for the forced unmount
            if (tries > retries || deadline.remaining().compareTo(interval) <= 0) {
                break;
            }
            deadline.sleep(interval);
        }
        String tried = tries == 1 ? "1 try" : tries + " tries";
        if (!force) {
            throw new VolumeException("could not unmount " + what + " after " + tried + ": " + failure
                    + "; not forced (forceUnmount=false)");
        }
        Commands.Result forced = attempt.unmount(true);
        if (!forced.ok()) {
            throw new VolumeException("could not unmount " + what + " even forced, after " + tried + " (" + failure + "): "
                    + forced.describe());
        }
        return "forced the unmount of " + what + " after " + tried + " (" + failure + "); processes still holding files "
                + "keep the filesystem in use until they exit";
    }
}
