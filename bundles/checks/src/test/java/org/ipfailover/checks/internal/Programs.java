package org.ipfailover.checks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Real executables for the tests. */
final class Programs {
    private Programs() {
    }

    /** @return a folder with mode rwxr-xr-x whatever the umask */
    static Path folder(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** @return an executable /bin/sh script with mode rwxr-xr-x */
    static Path script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** @return whether the process whose id the file holds has ended */
    static boolean ended(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
