package org.ipfailover.actions.volume.internal;

/** A mount or unmount that did not happen; the message is the reason reported in the action's result. */
final class VolumeException extends Exception {
    private static final long serialVersionUID = 1L;

    VolumeException(String message) {
        super(message);
    }
}
