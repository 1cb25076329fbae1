package org.ipfailover.checks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processes the tests start. */
final class Programs {
    private Programs() {
    }

    /** @return whether the process whose id the file holds has ended */
    static boolean ended(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
