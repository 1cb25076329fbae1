package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyWatchTest {
    @TempDir
    Path dir;

    @Test
    void noticesAChmodAReplacementARewriteAndARemoval() throws IOException {
        Path key = dir.resolve("ipfailover.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        KeyWatch watch = new KeyWatch(key);
        assertFalse(watch.changed(), "taken as seen when made");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertTrue(watch.changed(), "chmod");
        assertFalse(watch.changed(), "each change is told once");

        Path next = dir.resolve("next.key");
        Files.writeString(next, "00112233445566778899aabbccddeeff");
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
        Files.move(next, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(watch.changed(), "the same content under another inode");

        Files.writeString(key, "ffeeddccbbaa99887766554433221100ff");
        assertTrue(watch.changed(), "rewritten in place");

        Files.delete(key);
        assertTrue(watch.changed(), "removed");
        assertFalse(watch.changed());
        Files.writeString(key, "00112233445566778899aabbccddeeff");
        assertTrue(watch.changed(), "back");
    }
}
