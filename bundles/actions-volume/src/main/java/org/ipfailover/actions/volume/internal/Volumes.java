package org.ipfailover.actions.volume.internal;

/** Mounts and unmounts one configured volume; each call says what it did, or throws why it did not. */
interface Volumes {
    /** @return what was done: mounted, or found already mounted in its place */
    String mount(Deadline deadline) throws VolumeException, InterruptedException;

    /** @return what was done: unmounted (perhaps after tries, perhaps forced), or found not mounted */
    String unmount(Deadline deadline) throws VolumeException, InterruptedException;
}
