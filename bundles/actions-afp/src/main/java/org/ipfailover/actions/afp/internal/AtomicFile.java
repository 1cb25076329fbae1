package org.ipfailover.actions.afp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/** Replaces a file in one step: a temporary file beside it, synced, given the same permissions, renamed over it. */
final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * @param likeFile whose permissions and owner the new file gets, or null to keep the temporary file's (owner only)
     */
    static void write(Path target, byte[] bytes, Path likeFile) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (likeFile != null && Files.exists(likeFile)) {
                copyPermissions(likeFile, temporary);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes original = Files.readAttributes(from, PosixFileAttributes.class);
        view.setPermissions(original.permissions());
        PosixFileAttributes created = view.readAttributes();
        try {
            if (!created.owner().equals(original.owner())) {
                view.setOwner(original.owner());
            }
            if (!created.group().equals(original.group())) {
                view.setGroup(original.group());
            }
        } catch (IOException e) {
            // only root may give a file away; the permissions still match
        }
    }
}
