package org.ipfailover.notify.mail.internal;

/** The SMTP server did not take a message: {@link #permanent()} when sending it again cannot help. */
final class SmtpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    SmtpFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    boolean permanent() {
        return permanent;
    }
}
