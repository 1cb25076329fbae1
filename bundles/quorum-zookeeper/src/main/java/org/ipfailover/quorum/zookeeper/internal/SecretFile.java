package org.ipfailover.quorum.zookeeper.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** A credentials file, refused unless only its owner may read it (0600 or 0400), as the heartbeat's key file. */
final class SecretFile {
    private static final int MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> READ_WRITE = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ);

    private SecretFile() {
    }

    /**
     * @param file the file
     * @return its first line, trimmed
     * @throws IOException naming what is wrong with the file
     */
    static String firstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!permissions.equals(READ_WRITE) && !permissions.equals(READ_ONLY)) {
                throw new IOException(file + " is readable or writable by others than its owner ("
                        + PosixFilePermissions.toString(permissions) + "); it must be 0600 or 0400: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without modes: nothing to check
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " holds more than " + MAX_BYTES + " bytes");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return text.lines().findFirst().orElse("").trim();
    }
}
