package org.ipfailover.bench.chaos;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The lab's SMTP server (GreenMail), on the client's public address: the nodes mail every event to it. */
final class MailBox {
    private final GreenMail server = new GreenMail(new ServerSetup(NodeHome.SMTP_PORT, Lab.CLIENT_ADDRESS, ServerSetup.PROTOCOL_SMTP));

    void start() {
        server.start();
    }

    void stop() {
        server.stop();
    }

    int count() {
        return server.getReceivedMessages().length;
    }

    /**
     * The subjects of the mails received, a message delivered twice with the same Message-ID
     * counted once: a node killed between the server's acceptance and the deletion from its
     * outbox sends that message again, and readers fold it (mail goes out at least once).
     */
    List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String id = message.getMessageID();
                if (id == null || seen.add(id)) {
                    subjects.add(message.getSubject());
                }
            } catch (MessagingException e) {
                subjects.add("(unreadable: " + e.getMessage() + ")");
            }
        }
        return subjects;
    }
}
