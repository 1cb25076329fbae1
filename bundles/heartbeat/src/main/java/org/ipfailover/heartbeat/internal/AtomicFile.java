package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Replaces a small file so that a crash leaves either the old content or the new, never a mix. */
final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Writes a temporary file beside it, forces it to disk, renames it over the file, and forces the
     * folder (where the platform allows) so that the rename survives a power loss.
     *
     * @throws IOException naming what failed; the file is then unchanged
     */
    static void write(Path file, byte[] content) throws IOException {
        write(file, content, true);
    }

    /**
     * Like {@link #write(Path, byte[])}; without {@code durable} nothing is forced to disk: a crash of
     * the program still leaves the old content or the new, a crash of the host may leave the old.
     */
    static void write(Path file, byte[] content, boolean durable) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder); // throws, at a cost, when the folder is there: not every second
        }
        Path tmp = folder.resolve(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        if (durable) {
            forceFolder(folder);
        }
    }

    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // Windows cannot open a folder; the rename is still atomic there
        }
    }
}
