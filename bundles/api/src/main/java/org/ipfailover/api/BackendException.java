package org.ipfailover.api;

/** A network backend could not do what it was asked; the message says what and why. */
public class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    public BackendException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause the underlying failure
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
