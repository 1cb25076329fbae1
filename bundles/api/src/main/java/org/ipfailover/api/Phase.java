package org.ipfailover.api;

/** The phases of the takeover and release pipelines, in the order they run. */
public enum Phase {
    /** Before a takeover: any failure vetoes it. */
    TEST,
    /** Before the addresses are added (mount the shared volume). */
    PRE_ACQUIRE,
    /** After the addresses are added and announced (start services). */
    POST_ACQUIRE,
    /** Before the addresses are removed (stop services, unmount). */
    PRE_RELEASE,
    /** After the addresses are removed. */
    POST_RELEASE;

    /** @return whether this phase belongs to the release pipeline */
    public boolean release() {
        return this == PRE_RELEASE || this == POST_RELEASE;
    }
}
