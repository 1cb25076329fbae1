package org.ipfailover.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A password kept in a file of its own, like the heartbeat key: its first line, from a regular
 * file that only its owner may read (mode 0600 or 0400).
 */
final class SecretFile {
    private static final int MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> ALLOWED =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SecretFile() {
    }

    /**
     * @param file the file
     * @return its first line
     * @throws IOException naming the file and what is wrong with it
     */
    static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!ALLOWED.containsAll(permissions)) {
                throw new IOException(file + " may be read or written by others (" + PosixFilePermissions.toString(permissions)
                        + "); it must be 0600 or 0400: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check on this file system
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " holds more than " + MAX_BYTES + " bytes; a password file holds one line");
        }
        String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.isEmpty()) {
            throw new IOException(file + " is empty; its first line is the password");
        }
        return first;
    }
}
