package org.ipfailover.notify.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Tells a message the server will never take (refused after its data: content, size) from
 * everything that may pass later or after the configuration is fixed (no connection, 4xx,
 * credentials, sender or every recipient refused), so that a configuration mistake never costs
 * the queued mail; and names the server's reply and the key to check.
 */
final class SmtpFailures {
    private static final Pattern REPLY = Pattern.compile("^\\s*[2-5]\\d\\d[ -]");

    private SmtpFailures() {
    }

    static SmtpFailure of(String what, MessagingException e) {
        boolean messageRefused = e instanceof SMTPSendFailedException refused && refused.getReturnCode() / 100 == 5
                && (refused.getCommand().equals(".") || refused.getCommand().startsWith("DATA"));
        return new SmtpFailure(what + ": " + replies(e) + hint(e), messageRefused, e);
    }

    private static String hint(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return " (check the keys 'username' and 'passwordFile')";
        }
        if (e instanceof SMTPSendFailedException refused && refused.getCommand().startsWith("MAIL")) {
            return " (check the key 'from')";
        }
        if (e instanceof SendFailedException refused && !empty(refused.getInvalidAddresses()) && empty(refused.getValidSentAddresses())) {
            return " (check the key 'to')";
        }
        return "";
    }

    /** @return the server's replies, or what went wrong on the way to it, in one line */
    static String replies(MessagingException e) {
        List<String> messages = messages(e);
        List<String> replies = messages.stream().filter(message -> REPLY.matcher(message).find()).toList();
        return String.join("; ", replies.isEmpty() ? messages : replies);
    }

    private static List<String> messages(Exception e) {
        List<String> messages = new ArrayList<>();
        Throwable next = e;
        while (next != null && messages.size() < 10) {
            if (next.getMessage() != null) {
                String line = next.getMessage().strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
                if (!messages.contains(line)) {
                    messages.add(line);
                }
            }
            Throwable cause = next instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : next.getCause();
            next = cause == next ? null : cause;
        }
        return messages;
    }

    private static boolean empty(Address[] addresses) {
        return addresses == null || addresses.length == 0;
    }
}
