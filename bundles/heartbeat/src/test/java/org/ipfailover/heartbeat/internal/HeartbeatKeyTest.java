package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatKeyTest {
    private static final byte[] KEY = new byte[32];

    static {
        new Random(1694).nextBytes(KEY);
        KEY[0] = 0; // binary, not text
    }

    @TempDir
    Path dir;

    @Test
    void readsHex() throws IOException {
        assertArrayEquals(KEY, HeartbeatKey.read(file(HexFormat.of().formatHex(KEY) + "\n", "rw-------")));
        assertArrayEquals(KEY, HeartbeatKey.read(file(" " + HexFormat.of().withUpperCase().formatHex(KEY, 0, 16) + "\n"
                + HexFormat.of().formatHex(KEY, 16, 32) + "\r\n", "rw-------")));
    }

    @Test
    void readsBase64() throws IOException {
        assertArrayEquals(KEY, HeartbeatKey.read(file(Base64.getEncoder().encodeToString(KEY) + "\n", "rw-------")));
        assertArrayEquals(KEY, HeartbeatKey.read(file(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY), "r--------")));
    }

    @Test
    void readsRawBytes() throws IOException {
        Path file = dir.resolve("raw.key");
        Files.write(file, KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertArrayEquals(KEY, HeartbeatKey.read(file));
    }

    @Test
    void refusesFewerThan16Bytes() {
        Path file = file(HexFormat.of().formatHex(KEY, 0, 15), "rw-------");
        assertProblem(file, "15 bytes of key material; at least 16");
    }

    @Test
    void refusesAKeyFileThatOthersCanRead() {
        Path file = file(HexFormat.of().formatHex(KEY), "rw-r--r--");
        assertProblem(file, "readable or writable by group or others (mode 0644");
        assertProblem(file(HexFormat.of().formatHex(KEY), "rw-rw----"), "mode 0660");
        assertProblem(file(HexFormat.of().formatHex(KEY), "rwx------"), "mode 0700");
    }

    @Test
    void refusesTextThatIsNeitherHexNorBase64() {
        assertProblem(file("this is not a key, just words!!", "rw-------"), "neither a hex nor a base64 string");
    }

    @Test
    void saysWhenTheFileIsMissing() {
        assertProblem(dir.resolve("missing.key"), "does not exist");
    }

    private void assertProblem(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> HeartbeatKey.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private int files;

    private Path file(String content, String permissions) {
        try {
            Path file = dir.resolve("key" + ++files);
            Files.writeString(file, content, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
