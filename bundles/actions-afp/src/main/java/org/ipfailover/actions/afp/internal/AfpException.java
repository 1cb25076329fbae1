package org.ipfailover.actions.afp.internal;

/** The key was not changed; the message is the reason reported in the action's result. */
final class AfpException extends Exception {
    private static final long serialVersionUID = 1L;

    AfpException(String message) {
        super(message);
    }
}
