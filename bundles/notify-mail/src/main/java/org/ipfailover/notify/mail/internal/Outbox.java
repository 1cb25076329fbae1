package org.ipfailover.notify.mail.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages the SMTP server has not accepted yet, one file each, so that they outlive a stop
 * of the node. A file is complete or absent (temporary file, fsync, atomic rename); files are
 * named by a sequence number that keeps their order across restarts.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final String SUFFIX = ".mail";
    private static final String DATE = "Date: ";
    private static final String SUBJECT = "Subject: ";

    private final Path folder;
    private final AtomicLong sequence = new AtomicLong();

    Outbox(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** @return every stored message, oldest first; a file that does not parse is renamed to *.bad and reported */
    List<Mail> load() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                for (Path file : stream) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(SUFFIX) && name.length() > SUFFIX.length()) {
                        files.add(file);
                    } else if (name.endsWith(".tmp")) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        files.sort(Comparator.comparing(Outbox::number));
        List<Mail> mails = new ArrayList<>();
        for (Path file : files) {
            sequence.accumulateAndGet(number(file), Math::max);
            try {
                mails.add(read(file));
            } catch (IOException | RuntimeException e) {
                Path bad = file.resolveSibling(file.getFileName() + ".bad");
                Files.move(file, bad, StandardCopyOption.REPLACE_EXISTING);
                LOG.error("Outbox {}: {} does not hold a message ({}); moved it to {}", folder, file.getFileName(), e.getMessage(),
                        bad.getFileName());
            }
        }
        return mails;
    }

    /** @return the message with its id, once it is on disk */
    Mail write(Mail mail) throws IOException {
        Files.createDirectories(folder);
        String id = String.format("%012d", sequence.incrementAndGet()) + SUFFIX;
        Path temp = folder.resolve("." + id + ".tmp");
        String text = DATE + mail.time() + "\n" + SUBJECT + mail.subject() + "\n\n" + mail.body();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(channel)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            channel.force(true);
        }
        Files.move(temp, folder.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        return mail.withId(id);
    }

    /** Forgets a message; deleting one that is gone already is no error. */
    void delete(Mail mail) {
        if (mail.id() == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(mail.id()));
        } catch (IOException e) {
            LOG.error("Outbox {}: could not delete {} ({}); it will be sent again after a restart", folder, mail.id(), e.getMessage());
        }
    }

    private static Mail read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf("\n\n");
        if (end < 0) {
            throw new IOException("no blank line after the headers");
        }
        Instant time = null;
        String subject = null;
        for (String line : text.substring(0, end).split("\n")) {
            if (line.startsWith(DATE)) {
                try {
                    time = Instant.parse(line.substring(DATE.length()).trim());
                } catch (DateTimeParseException e) {
                    throw new IOException("the date does not parse: " + line);
                }
            } else if (line.startsWith(SUBJECT)) {
                subject = line.substring(SUBJECT.length());
            }
        }
        if (time == null || subject == null) {
            throw new IOException("no Date or no Subject header");
        }
        return new Mail(file.getFileName().toString(), time, subject, text.substring(end + 2));
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
