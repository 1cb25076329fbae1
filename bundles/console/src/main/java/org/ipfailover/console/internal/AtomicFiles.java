package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that appear whole or not at all, with their final mode from their first byte: the
 * content goes to a hidden temporary file beside the target (created with the mode), is synced,
 * and is then linked (no overwrite) or renamed (overwrite) into place. FileInstall never sees a
 * half-written .cfg, and a key is never readable by others, not even for a moment.
 */
final class AtomicFiles {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> CONFIGURATION = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * @param replace whether an existing file is replaced
     * @throws FileAlreadyExistsException when the target exists and {@code replace} is false
     */
    static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        if (!replace && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(mode));
        try {
            // the umask may have removed bits the mode grants (never added any): set it exactly
            Files.setPosixFilePermissions(temporary, mode);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                linkWithoutOverwriting(temporary, target);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A hard link fails atomically when the target exists; where links are not supported, check and rename. */
    private static void linkWithoutOverwriting(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
