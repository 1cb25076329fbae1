package org.ipfailover.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A running {@link NetworkBackend#watchLinks} watch. */
@ConsumerType
public interface LinkWatch extends AutoCloseable {
    /** Stops watching: the listener is told nothing more once this returns. */
    @Override
    void close();
}
