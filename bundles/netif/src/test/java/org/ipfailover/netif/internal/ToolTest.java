package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ipfailover.api.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolTest {
    @TempDir
    Path dir;

    @Test
    void findsAnExecutableInTheFirstFolderThatHasIt() throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Files.createFile(first.resolve("arping"));
        Path executable = Files.createFile(second.resolve("arping"));
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));

        Tool tool = Tool.locate("arping", "iputils-arping", "announce IPv4 addresses", List.of(first, second));

        assertTrue(tool.found());
        assertEquals(executable.toString(), tool.command());
    }

    @Test
    void saysWhichPackageToInstallWhenMissing() {
        Tool tool = Tool.locate("arping", "iputils-arping", "announce IPv4 addresses", List.of(dir));

        assertFalse(tool.found());
        assertEquals("arping", tool.command());
        assertEquals("arping (package iputils-arping, to announce IPv4 addresses)", tool.describe());
        BackendException e = assertThrows(BackendException.class, () -> tool.require("announce eth0:198.51.100.10/24"));
        assertEquals("cannot announce eth0:198.51.100.10/24: arping is not installed on this host (install package iputils-arping)",
                e.getMessage());
    }

    @Test
    void searchesPathThenTheSbinFolders() {
        List<Path> folders = Tool.searchFolders("/opt/bin::/usr/bin");

        assertEquals(List.of(Path.of("/opt/bin"), Path.of("/usr/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"),
                Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/bin")), folders);
    }
}
