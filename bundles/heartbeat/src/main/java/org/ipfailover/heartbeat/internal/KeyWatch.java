package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * Notices that the key file changed: replaced (another inode, or a symbolic link's new target),
 * rewritten (size, modification time) or given another mode. One stat per call, which the caller
 * makes once a second: unlike a WatchService (a poll every few seconds on macOS, blind to a chmod
 * there and to a link's target everywhere), it behaves the same on every platform and needs no
 * thread of its own.
 */
final class KeyWatch {
    private final Path file;
    private Signature last;

    /** Takes the file as it is now as seen. */
    KeyWatch(Path file) {
        this.file = file;
        last = signature(file);
    }

    Path file() {
        return file;
    }

    /** @return whether the file changed since the last call (or since it was taken as seen) */
    boolean changed() {
        Signature now = signature(file);
        if (Objects.equals(now, last)) {
            return false;
        }
        last = now;
        return true;
    }

    private static Signature signature(Path file) {
        try {
            PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
            return new Signature(posix.fileKey(), posix.size(), posix.lastModifiedTime(), posix.permissions());
        } catch (UnsupportedOperationException notPosix) {
            try {
                BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
                return new Signature(basic.fileKey(), basic.size(), basic.lastModifiedTime(), Set.of());
            } catch (IOException missing) {
                return null;
            }
        } catch (IOException missing) {
            return null;
        }
    }

    private record Signature(Object fileKey, long size, FileTime modified, Set<PosixFilePermission> permissions) {
    }
}
