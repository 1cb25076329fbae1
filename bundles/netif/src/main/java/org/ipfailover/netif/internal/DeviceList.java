package org.ipfailover.netif.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ipfailover.api.BackendException;

/**
 * The interfaces of a Linux network namespace as {@code /proc/<pid>/net/dev} lists them: every one,
 * up or down, with or without addresses. Java's NetworkInterface lists only interfaces that hold
 * an address, so it misses a backup's interface that is down or still bare.
 */
final class DeviceList {
    /** The interfaces of the namespace this process runs in. */
    static final Path OWN = Path.of("/proc/self/net/dev");
    private static final int HEADER_LINES = 2;

    private DeviceList() {
    }

    /** @throws BackendException when the list cannot be read */
    static boolean lists(Path file, String device) throws BackendException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(HEADER_LINES).map(String::strip).filter(line -> line.indexOf(':') > 0)
                    .anyMatch(line -> line.substring(0, line.indexOf(':')).equals(device));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BackendException("cannot read the interfaces of this host from " + file + ": " + e.getMessage(), e);
        }
    }
}
