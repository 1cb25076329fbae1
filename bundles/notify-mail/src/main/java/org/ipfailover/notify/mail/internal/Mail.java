package org.ipfailover.notify.mail.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * One message as it waits for the SMTP server; sender and recipients are taken from the
 * configuration when it is sent.
 *
 * @param id its name in the outbox, or null before it is written there
 * @param time when the event happened
 * @param subject one line
 * @param body plain text
 */
record Mail(String id, Instant time, String subject, String body) {
    Mail {
        Objects.requireNonNull(time, "time");
        subject = subject.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        Objects.requireNonNull(body, "body");
    }

    Mail withId(String outboxId) {
        return new Mail(outboxId, time, subject, body);
    }
}
