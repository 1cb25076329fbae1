package org.ipfailover.checks.internal;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Says in a few words why a connection failed, the way an operator reads it in a mail or a log line. */
final class Failures {
    private Failures() {
    }

    static String timedOut(Duration timeout) {
        return "timed out after " + timeout.toMillis() + " ms";
    }

    static String describe(Throwable failure, Duration timeout) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String known = known(cause, timeout);
            if (known != null) {
                return known;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return sentence(cause.getMessage());
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String known(Throwable cause, Duration timeout) {
        if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
            return timedOut(timeout);
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof ConnectException) {
            // the HTTP client's refusal has no message of its own
            return cause.getMessage() == null ? "connection refused" : sentence(cause.getMessage());
        }
        if (cause instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (cause instanceof SSLException) {
            return "TLS: " + cause.getMessage();
        }
        return null;
    }

    /** "Connection refused" as "connection refused": it follows a colon or starts a reason. */
    private static String sentence(String message) {
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
        }
        return message;
    }
}
