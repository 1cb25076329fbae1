package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpClientTest {
    @TempDir
    Path home;

    @Test
    void aMessageRefusedAfterItsDataIsDroppedNamingTheReply() {
        SmtpFailure failure = SmtpFailures.of("refused", new SMTPSendFailedException(".", 554,
                "554 5.7.1 Message rejected: looks like spam\n", null, null, null, null));
        assertTrue(failure.permanent());
        assertEquals("refused: 554 5.7.1 Message rejected: looks like spam", failure.getMessage());
    }

    /** Every message would be refused alike: keeping them lets them go once the configuration is fixed. */
    @Test
    void aRefusedSenderOrRecipientsKeepTheMailAndNameTheKey() throws Exception {
        SmtpFailure sender = SmtpFailures.of("refused", new SMTPSendFailedException("MAIL FROM:<ipfailover@example.org>", 553,
                "553 5.7.1 <ipfailover@example.org>: Sender address rejected: not owned by user", null, null, null, null));
        assertFalse(sender.permanent());
        assertEquals("refused: 553 5.7.1 <ipfailover@example.org>: Sender address rejected: not owned by user (check the key 'from')",
                sender.getMessage());

        InternetAddress nobody = new InternetAddress("nobody@example.org");
        SendFailedException recipients = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(nobody, "RCPT TO:<nobody@example.org>", 550,
                        "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown"),
                new Address[0], new Address[0], new Address[] {nobody});
        SmtpFailure to = SmtpFailures.of("refused", recipients);
        assertFalse(to.permanent());
        assertEquals("refused: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown (check the key 'to')",
                to.getMessage());
    }

    @Test
    void a4xxReplyOrBadCredentialsAreTriedAgain() {
        assertFalse(SmtpFailures.of("failed", new SMTPSendFailedException(".", 451, "451 4.3.0 Try again later", null, null, null, null))
                .permanent());
        SmtpFailure credentials = SmtpFailures.of("cannot connect",
                new AuthenticationFailedException("535 5.7.8  Authentication credentials invalid"));
        assertFalse(credentials.permanent());
        assertEquals("cannot connect: 535 5.7.8  Authentication credentials invalid (check the keys 'username' and 'passwordFile')",
                credentials.getMessage());
    }

    @Test
    void aServerThatIsNotThereIsTriedAgainAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        SmtpClient client = new SmtpClient(MailConfigs.settings(MailConfigs.smtp(closed, home), home));
        SmtpFailure failure = assertThrows(SmtpFailure.class, client::probe);
        assertFalse(failure.permanent());
        assertTrue(failure.getMessage().contains("Connection refused"), failure.getMessage());
        SmtpFailure sending = assertThrows(SmtpFailure.class, () -> client.send(new Mail(null, Instant.now(), "s", "b")));
        assertFalse(sending.permanent());
        assertTrue(hasCause(sending, ConnectException.class), sending.toString());
    }

    private static boolean hasCause(Throwable e, Class<?> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
