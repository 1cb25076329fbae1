package org.ipfailover.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every verified heartbeat. Registered as a whiteboard service (the detector is one).
 * Called on the receiver's thread: return quickly.
 */
@ConsumerType
public interface BeatListener {
    /** @param beat a verified heartbeat */
    void beat(Beat beat);
}
