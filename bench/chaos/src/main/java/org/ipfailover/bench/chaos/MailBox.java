package org.ipfailover.bench.chaos;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

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

    List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                subjects.add(message.getSubject());
            } catch (MessagingException e) {
                subjects.add("(unreadable: " + e.getMessage() + ")");
            }
        }
        return subjects;
    }
}
