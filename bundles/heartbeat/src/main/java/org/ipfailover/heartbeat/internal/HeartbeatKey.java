package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Reads the shared heartbeat key: the file's raw bytes, or, when the file is text, the hex or
 * base64 string it holds. Like an ssh private key, the file must be readable by its owner only.
 */
final class HeartbeatKey {
    static final int MIN_BYTES = 16;
    private static final int MAX_FILE_BYTES = 4096;
    private static final Set<PosixFilePermission> READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ);

    private HeartbeatKey() {
    }

    /**
     * @param file the key file
     * @return the key
     * @throws IOException with a message naming the file and what is wrong with it
     */
    static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw problem(file, Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        checkPermissions(file);
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw problem(file, "holds " + size + " bytes; a key file holds at most " + MAX_FILE_BYTES);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "does not exist");
        } catch (IOException e) {
            throw problem(file, "cannot be read: " + e.getMessage());
        }
        byte[] key = isText(content) ? decodeText(file, content) : content;
        if (key.length < MIN_BYTES) {
            throw problem(file, "holds " + key.length + " bytes of key material; at least " + MIN_BYTES
                    + " are needed (raw bytes, or a hex or base64 string)");
        }
        return key;
    }

    private static void checkPermissions(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        if (permissions.equals(READ_WRITE) || permissions.equals(READ_ONLY)) {
            return;
        }
        String mode = mode(permissions);
        boolean shared = permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER"));
        throw problem(file, (shared ? "is readable or writable by group or others" : "has an unusual mode")
                + " (mode " + mode + ", " + PosixFilePermissions.toString(permissions)
                + "); it must be 0600 or 0400: chmod 600 " + file);
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static boolean isText(byte[] content) {
        for (byte b : content) {
            if ((b < 0x20 || b > 0x7E) && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A string that reads as hex is taken as hex, although it is valid base64 too. */
    private static byte[] decodeText(Path file, byte[] content) throws IOException {
        String text = new String(content, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        if (text.matches("([0-9a-fA-F]{2})+")) {
            return HexFormat.of().parseHex(text);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException notBase64Either) {
                throw problem(file, "is text, but neither a hex nor a base64 string");
            }
        }
    }

    private static IOException problem(Path file, String problem) {
        return new IOException("key file " + file + " " + problem);
    }
}
