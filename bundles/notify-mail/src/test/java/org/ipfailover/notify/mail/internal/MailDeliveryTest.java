package org.ipfailover.notify.mail.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's classes against a real SMTP server (GreenMail on 127.0.0.1), outside the framework. */
class MailDeliveryTest {
    static final String ADMIN = "admin@example.org";

    @TempDir
    Path home;

    int port;
    GreenMail server;
    final List<Mailroom> mailrooms = new ArrayList<>();
    final LogLines courierLog = LogLines.of(Courier.class).atLevel(Level.DEBUG);

    @BeforeEach
    void choosePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        mailrooms.forEach(Mailroom::stop);
        if (server != null) {
            server.stop();
        }
        courierLog.close();
    }

    @Test
    void everyEventTypeArrivesWithItsContent() throws Exception {
        startServer("smtp");
        Map<String, Object> properties = MailConfigs.smtp(port, home);
        properties.put("events", new String[] {Arrays.toString(Type.values()).replaceAll("[\\[\\]]", "")});
        properties.put("flapWindow", 0L);
        Mailroom mailroom = open(properties);
        for (Type type : Type.values()) {
            mailroom.post(Events.of(type));
        }
        List<MimeMessage> received = awaitMail(Type.values().length);
        awaitTrue("every recipient to get every mail", () -> receivedBy("oncall@example.org").size() == received.size());
        MailFormatter formatter = new MailFormatter(Template.of(MailFormatter.DEFAULT_SUBJECT), Template.of(MailFormatter.DEFAULT_BODY),
                ZoneId.systemDefault());
        for (Type type : Type.values()) {
            Mail expected = formatter.format(Events.of(type));
            MimeMessage message = received.stream().filter(m -> subject(m).equals(expected.subject())).findFirst()
                    .orElseThrow(() -> new AssertionError("no mail \"" + expected.subject() + "\" among " + subjects(received)));
            assertEquals(expected.body().strip(), message.getContent().toString().replace("\r\n", "\n").strip());
            assertTrue(message.getContentType().startsWith("text/plain; charset=UTF-8"), message.getContentType());
            assertEquals("ipfailover@example.org", ((InternetAddress) message.getFrom()[0]).getAddress());
            assertEquals(List.of("admin@example.org", "oncall@example.org"),
                    Stream.of(message.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress()).toList());
            assertEquals("auto-generated", message.getHeader("Auto-Submitted", null));
            assertEquals(Events.TIME.toEpochMilli() / 1000, message.getSentDate().getTime() / 1000);
        }
        assertTrue(subjects(received).contains("[ipfailover] TAKEOVER web: sec now holds 198.51.100.10 (pri silent on every network)"));
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
    }

    @Test
    void smtpsWithAuthenticationDeliversAndBadCredentialsKeepTheMailQueued() throws Exception {
        startServer("smtps");
        server.setUser("ipfailover@example.org", "ipfailover", "s3cret");
        Path password = home.resolve("conf/smtp.password");
        Files.createDirectories(password.getParent());
        Files.writeString(password, "wrong\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Map<String, Object> properties = MailConfigs.smtp(port, home);
        properties.put("security", "smtps");
        properties.put("tlsTrust", "127.0.0.1");
        properties.put("username", "ipfailover");
        properties.put("passwordFile", "conf/smtp.password");
        Mailroom refused = open(properties);
        refused.post(Events.takeover());
        awaitFailedDelivery("check the keys 'username' and 'passwordFile'");
        assertEquals(List.of(), receivedBy(ADMIN), "sent with a wrong password");
        assertEquals(1, outboxFiles().size());
        refused.stop();

        Files.writeString(password, "s3cret\n");
        open(properties);
        List<MimeMessage> received = awaitMail(1);
        assertEquals("[ipfailover] TAKEOVER web: sec now holds 198.51.100.10 (pri silent on every network)", subject(received.get(0)));
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
    }

    /** GreenMail 2.1 does not offer STARTTLS: optional STARTTLS falls back to plain text, required STARTTLS refuses to send. */
    @Test
    void starttlsIsOptionalOrRequiredAsConfigured() throws Exception {
        startServer("smtp");
        Map<String, Object> properties = MailConfigs.smtp(port, home);
        properties.put("security", "starttls-required");
        Mailroom required = open(properties);
        required.post(Events.takeover());
        awaitFailedDelivery("STARTTLS");
        assertEquals(List.of(), receivedBy(ADMIN), "sent without TLS although STARTTLS is required");
        assertEquals(1, outboxFiles().size(), "the refused mail waits in the outbox");
        required.stop();

        properties.put("security", "starttls");
        open(properties);
        awaitMail(1);
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
    }

    /**
     * The server is down the hard way: it takes the connection and never answers, so the courier
     * hangs in it until its read timeout, a minute here. Posting must not wait for it: five posts
     * return long before that minute, each message in the outbox at once.
     */
    @Test
    void mailQueuedWhileTheServerIsDownArrivesOnceWhenItIsBack() throws Exception {
        List<String> sent = new ArrayList<>();
        try (SilentSmtpServer hung = new SilentSmtpServer(port)) {
            Mailroom mailroom = open(MailConfigs.with(MailConfigs.smtp(port, home), "readTimeout", 60_000));
            awaitTrue("the courier to hang in the silent server", () -> hung.connections() > 0);
            assertTimeoutPreemptively(Await.TIMEOUT, () -> {
                for (Type type : List.of(Type.TAKEOVER, Type.ACTION_FAILED, Type.RELEASE, Type.TAKEOVER_FAILED, Type.TEST_VETO)) {
                    mailroom.post(Events.of(type));
                    sent.add(MailFormatterTest.SUBJECTS.get(type));
                }
            }, "posting waited for the server");
            assertEquals(5, outboxFiles().size());
        }
        startServer("smtp");
        awaitMail(5);
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
        assertEquals(sent, subjects(receivedBy(ADMIN)), "each message once, in order: an empty outbox leaves nothing to send again");
    }

    @Test
    void mailQueuedWhenTheNodeStopsIsSentAfterItStartsAgain() throws Exception {
        Mailroom before = open(MailConfigs.smtp(port, home));
        before.post(Events.of(Type.TAKEOVER));
        before.post(Events.of(Type.RELEASE));
        before.post(Events.of(Type.TEST_VETO));
        before.stop();
        mailrooms.remove(before);
        assertEquals(3, outboxFiles().size());

        startServer("smtp");
        open(MailConfigs.smtp(port, home));
        awaitMail(3);
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
        assertEquals(List.of(MailFormatterTest.SUBJECTS.get(Type.TAKEOVER), MailFormatterTest.SUBJECTS.get(Type.RELEASE),
                MailFormatterTest.SUBJECTS.get(Type.TEST_VETO)), subjects(receivedBy(ADMIN)));
    }

    @Test
    void aFloodOfAnomalyFlapsGivesABoundedNumberOfMails() throws Exception {
        startServer("smtp");
        long window = 300;
        Map<String, Object> properties = MailConfigs.smtp(port, home);
        properties.put("flapWindow", window);
        Mailroom mailroom = open(properties);
        int flaps = 400;
        long start = System.currentTimeMillis();
        for (int i = 0; i < flaps; i++) {
            mailroom.post(FlapSummariserTest.flap(i));
            Thread.sleep(3);
        }
        long flood = System.currentTimeMillis() - start;
        awaitTrue("every change mailed or summarised", () -> summarised(subjects(receivedBy(ADMIN))) == flaps - 1);
        mailroom.stop();
        mailrooms.remove(mailroom);
        assertEquals(List.of(), outboxFiles(), "a summary still owed when the notifier stops goes to the outbox");
        List<String> subjects = subjects(receivedBy(ADMIN));
        long bound = 1 + flood / window + 2;
        assertTrue(subjects.size() >= 2 && subjects.size() <= bound, subjects.size() + " mails for " + flaps + " flaps in " + flood
                + " ms: " + subjects);
        assertEquals("[ipfailover] ANOMALY pri: pri silent on private, heard on public: no takeover", subjects.get(0));
        for (String subject : subjects.subList(1, subjects.size())) {
            assertTrue(subject.matches("\\[ipfailover] ANOMALY(_CLEARED)? pri: \\d+ anomaly changes for pri in the last 300 ms; now: .*"),
                    subject);
        }
        assertEquals(flaps - 1, summarised(subjects), "every change is counted in a summary");
    }

    private static int summarised(List<String> subjects) {
        return subjects.stream().filter(subject -> subject.contains(" anomaly changes for "))
                .mapToInt(subject -> Integer.parseInt(subject.replaceAll(".*pri: (\\d+) anomaly.*", "$1"))).sum();
    }

    @Test
    void aFullQueueKeepsTheNewestMessages() throws Exception {
        Map<String, Object> properties = MailConfigs.smtp(port, home);
        properties.put("queueCapacity", 3);
        properties.put("flapWindow", 0L);
        properties.put("events", new String[] {"PEER_LOST"});
        Mailroom mailroom = open(properties);
        for (int i = 0; i < 10; i++) {
            mailroom.post(FailoverEvent.of(Type.PEER_LOST, Events.TIME, "sec").peer("pri").reason("lost " + i).build());
        }
        assertEquals(3, outboxFiles().size());
        startServer("smtp");
        awaitMail(3);
        awaitTrue("the outbox to empty", () -> outboxFiles().isEmpty());
        assertEquals(List.of("[ipfailover] PEER_LOST pri: lost 7", "[ipfailover] PEER_LOST pri: lost 8", "[ipfailover] PEER_LOST pri: lost 9"),
                subjects(receivedBy(ADMIN)));
    }

    /** A node killed after the server took a mail but before the outbox forgot it sends it again: with the same Message-ID. */
    @Test
    void aMailSentAgainFromTheOutboxKeepsItsMessageIdAndAnotherMailHasItsOwn() throws Exception {
        startServer("smtp");
        SmtpClient client = new SmtpClient(MailConfigs.settings(MailConfigs.smtp(port, home), home));
        Mail mail = new Mail("000000000007.mail", Events.TIME, "[ipfailover] TAKEOVER web", "body");
        try {
            client.send(mail);
            client.send(mail);
            client.send(new Mail("000000000008.mail", Events.TIME, "[ipfailover] TAKEOVER web", "body"));
        } finally {
            client.disconnect();
        }
        List<String> ids = new ArrayList<>();
        for (MimeMessage message : awaitMail(3)) {
            ids.add(message.getMessageID());
        }
        assertEquals(ids.get(0), ids.get(1), ids.toString());
        assertNotEquals(ids.get(0), ids.get(2), ids.toString());
        assertTrue(ids.get(0).matches("<\\d+\\.000000000007\\.[0-9a-f]{8}@ipfailover\\.invalid>"), ids.get(0));
    }

    private Mailroom open(Map<String, Object> properties) {
        Mailroom mailroom = new Mailroom(MailConfigs.settings(properties, home));
        mailroom.start();
        mailrooms.add(mailroom);
        return mailroom;
    }

    private void startServer(String protocol) {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", protocol));
        server.start();
    }

    /** @return what the first recipient received, once {@code count} mails have come; GreenMail keeps one copy per recipient */
    private List<MimeMessage> awaitMail(int count) throws InterruptedException {
        awaitTrue(count + " mails", () -> receivedBy(ADMIN).size() >= count);
        return receivedBy(ADMIN);
    }

    private List<MimeMessage> receivedBy(String recipient) {
        return MailConfigs.receivedBy(server, recipient);
    }

    private List<Path> outboxFiles() {
        Path folder = home.resolve("var/outbox/ops");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(Outbox.SUFFIX)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> subjects(List<MimeMessage> messages) {
        return messages.stream().map(MailDeliveryTest::subject).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits until the courier has tried to hand over the queued mail and failed for this reason: only
     * a failed delivery writes these lines (the first failure a warning, the next ones at debug level).
     */
    private void awaitFailedDelivery(String reason) throws InterruptedException {
        awaitValue("a delivery refused for " + reason, () -> courierLog.at(Level.DEBUG), lines -> lines.stream()
                .anyMatch(line -> line.contains(reason) && (line.contains("does not take mail") || line.contains("still failing"))));
    }
}
