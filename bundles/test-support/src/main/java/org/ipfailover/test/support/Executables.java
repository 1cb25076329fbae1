package org.ipfailover.test.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Real executables for tests that run scripts, with the modes the strict-modes rules accept. */
public final class Executables {
    private Executables() {
    }

    /** @return a folder with mode rwxr-xr-x whatever the umask */
    public static Path folder(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** @return an executable /bin/sh script with mode rwxr-xr-x */
    public static Path script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
