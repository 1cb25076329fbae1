package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path folder;

    @Test
    void writtenMessagesLoadBackInOrderWithTheirContent() throws Exception {
        Outbox outbox = new Outbox(folder.resolve("ops"));
        Mail first = outbox.write(new Mail(null, Instant.parse("2026-11-22T20:47:03.250Z"), "first", "line 1\n\nline 3\n"));
        outbox.write(new Mail(null, Instant.parse("2026-11-22T20:47:04Z"), "second: äöü €", "body"));
        assertTrue(first.id().endsWith(".mail"), first.id());

        List<Mail> loaded = new Outbox(folder.resolve("ops")).load();
        assertEquals(List.of("first", "second: äöü €"), loaded.stream().map(Mail::subject).toList());
        assertEquals(first, loaded.get(0));
        assertEquals("line 1\n\nline 3\n", loaded.get(0).body());
    }

    @Test
    void aRestartedOutboxNumbersAfterWhatItHolds() throws Exception {
        Outbox before = new Outbox(folder);
        for (int i = 0; i < 12; i++) {
            before.write(new Mail(null, Instant.now(), "m" + i, ""));
        }
        Outbox after = new Outbox(folder);
        after.load();
        after.write(new Mail(null, Instant.now(), "m12", ""));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"),
                new Outbox(folder).load().stream().map(Mail::subject).toList());
    }

    @Test
    void aDeletedMessageIsGoneAndDeletingItAgainIsHarmless() throws Exception {
        Outbox outbox = new Outbox(folder);
        Mail kept = outbox.write(new Mail(null, Instant.now(), "kept", ""));
        Mail sent = outbox.write(new Mail(null, Instant.now(), "sent", ""));
        outbox.delete(sent);
        outbox.delete(sent);
        assertEquals(List.of(kept), outbox.load());
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnoredAndABrokenFileIsSetAside() throws Exception {
        Outbox outbox = new Outbox(folder);
        Mail good = outbox.write(new Mail(null, Instant.now(), "good", "body"));
        Files.writeString(folder.resolve(".000000000007.mail.tmp"), "Date: 2026-");
        Files.writeString(folder.resolve("000000000005.mail"), "not a message");
        assertEquals(List.of(good), outbox.load());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("000000000001.mail", "000000000005.mail.bad"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anAbsentFolderIsAnEmptyOutbox() throws Exception {
        assertEquals(List.of(), new Outbox(folder.resolve("none")).load());
        assertFalse(Files.exists(folder.resolve("none")));
    }
}
