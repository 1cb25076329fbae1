package org.ipfailover.notify.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to one SMTP server with Jakarta Mail. A connection is kept while messages follow
 * each other and closed by {@link #disconnect()} once the queue is empty; only the courier's
 * thread uses it.
 */
final class SmtpClient {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);

    private final MailSettings settings;
    private final Session session;
    private Transport transport;

    SmtpClient(MailSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    static Properties properties(MailSettings settings) {
        Properties properties = new Properties();
        String prefix = "mail." + settings.security().protocol() + ".";
        properties.put("mail.transport.protocol", settings.security().protocol());
        properties.put(prefix + "host", settings.host());
        properties.put(prefix + "port", Integer.toString(settings.port()));
        properties.put(prefix + "connectiontimeout", Integer.toString(settings.connectionTimeoutMillis()));
        properties.put(prefix + "timeout", Integer.toString(settings.readTimeoutMillis()));
        properties.put(prefix + "writetimeout", Integer.toString(settings.readTimeoutMillis()));
        properties.put(prefix + "auth", Boolean.toString(settings.username() != null && !settings.username().isEmpty()));
        properties.put(prefix + "sendpartial", "true");
        if (settings.tlsTrust().isEmpty()) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        } else {
            properties.put(prefix + "ssl.trust", settings.tlsTrust());
            properties.put(prefix + "ssl.checkserveridentity", "false");
        }
        settings.security().configure(properties);
        return properties;
    }

    /** Connects and says goodbye: whether the server is there, speaks TLS as configured and accepts the credentials. */
    void probe() throws SmtpFailure {
        try (Transport transport = connect()) {
            LOG.debug("Mail {}: {} answers", settings.name(), settings.server());
        } catch (MessagingException e) {
            throw SmtpFailures.of("cannot connect", e);
        }
    }

    /** Returns once the server has accepted the message for at least one recipient. */
    void send(Mail mail) throws SmtpFailure {
        MimeMessage message = new MimeMessage(session) {
            /** The same for every delivery of one outbox file, so that a mail sent again after a crash is folded by readers. */
            @Override
            protected void updateMessageID() throws MessagingException {
                if (mail.id() == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", messageId(mail));
                }
            }
        };
        try {
            message.setFrom(settings.from());
            message.setRecipients(Message.RecipientType.TO, settings.to().toArray(new Address[0]));
            message.setSubject(mail.subject(), "UTF-8");
            message.setSentDate(Date.from(mail.time()));
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setText(mail.body(), "UTF-8");
            message.saveChanges();
        } catch (MessagingException e) {
            throw new SmtpFailure("cannot build the message: " + e.getMessage(), true, e);
        }
        try {
            connected().sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent != null && sent.length > 0) {
                LOG.warn("Mail {}: \"{}\" went to {} only; the server refused {}: {}", settings.name(), mail.subject(),
                        Arrays.toString(sent), Arrays.toString(e.getInvalidAddresses()), SmtpFailures.replies(e));
                return;
            }
            disconnect();
            throw SmtpFailures.of("refused", e);
        } catch (MessagingException e) {
            disconnect();
            throw SmtpFailures.of("failed", e);
        }
    }

    /**
     * @return a Message-ID that stays the same for one outbox file, and differs for any other
     *         mail: its event's time, its outbox sequence, and a hash of its subject (which names
     *         the node and the event)
     */
    static String messageId(Mail mail) {
        String sequence = mail.id().endsWith(Outbox.SUFFIX) ? mail.id().substring(0, mail.id().length() - Outbox.SUFFIX.length()) : mail.id();
        return String.format(java.util.Locale.ROOT, "<%d.%s.%08x@ipfailover.invalid>", mail.time().toEpochMilli(), sequence,
                mail.subject().hashCode());
    }

    void disconnect() {
        Transport open = transport;
        transport = null;
        if (open != null) {
            try {
                open.close();
            } catch (MessagingException e) {
                LOG.debug("Mail {}: closing the connection to {}: {}", settings.name(), settings.server(), e.getMessage());
            }
        }
    }

    private Transport connected() throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            disconnect();
            transport = connect();
        }
        return transport;
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport(settings.security().protocol());
        String user = settings.username().isEmpty() ? null : settings.username();
        transport.connect(settings.host(), settings.port(), user, settings.password());
        return transport;
    }
}
