package org.ipfailover.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears every {@link FailoverEvent} (notifiers, monitoring). Registered as a whiteboard
 * service. Called on the detector's event thread, never on the pipeline's: a slow listener delays
 * other listeners, never a takeover.
 */
@ConsumerType
public interface FailoverListener {
    /** @param event what happened */
    void failoverEvent(FailoverEvent event);
}
