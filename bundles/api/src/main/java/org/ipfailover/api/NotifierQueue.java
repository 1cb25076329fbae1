package org.ipfailover.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The messages a notifier has yet to deliver, for monitoring: a notifier registers one per
 * configuration, next to its {@link FailoverListener}.
 *
 * @since 2.2
 */
@ProviderType
public interface NotifierQueue {
    /** @return the notifier's name, as its configuration names it (e.g. {@code mail admin}) */
    String notifier();

    /** @return messages waiting for delivery now */
    int queued();

    /** @return delivery attempts that failed since the node started (the server down, refusing, or rejecting a message) */
    long deliveryFailures();

    /** @return messages given up since the node started: rejected for good, or dropped from a full queue */
    long dropped();
}
