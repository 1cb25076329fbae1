package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGeneratorTest {
    @TempDir
    Path dir;

    final KeyGenerator generator = new KeyGenerator(new SecureRandom());

    @Test
    void writes32RandomBytesAsHexReadableByTheOwnerOnly() throws Exception {
        Path key = dir.resolve("conf/ipfailover.key");
        generator.write(key, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String text = Files.readString(key);
        assertTrue(text.matches("[0-9a-f]{64}\n"), text);
        assertEquals(32, HexFormat.of().parseHex(text.strip()).length);
        assertNoTemporaryFiles(key.getParent());
    }

    @Test
    void twoKeysDiffer() {
        assertNotEquals(generator.newKey(), generator.newKey());
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws Exception {
        Path key = dir.resolve("ipfailover.key");
        Files.writeString(key, "the pair's key\n");
        assertThrows(FileAlreadyExistsException.class, () -> generator.write(key, false));
        assertEquals("the pair's key\n", Files.readString(key));
        assertNoTemporaryFiles(dir);
    }

    @Test
    void forceReplacesTheFileAndItsModeAtOnce() throws Exception {
        Path key = dir.resolve("ipfailover.key");
        Files.writeString(key, "old\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        generator.write(key, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).matches("[0-9a-f]{64}\n"));
        assertNoTemporaryFiles(dir);
    }

    @Test
    void aDanglingLinkAtThePathIsNotFollowed() throws Exception {
        Path elsewhere = dir.resolve("elsewhere.key");
        Path key = dir.resolve("ipfailover.key");
        Files.createSymbolicLink(key, elsewhere);
        assertThrows(FileAlreadyExistsException.class, () -> generator.write(key, false));
        assertTrue(Files.notExists(elsewhere));
    }

    private static void assertNoTemporaryFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
        }
    }
}
