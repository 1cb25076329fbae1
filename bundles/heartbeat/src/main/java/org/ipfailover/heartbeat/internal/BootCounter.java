package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The boot counter kept in {@code <state folder>/heartbeat.boot}: one more than the last start's,
 * and never behind the clock (seconds since 1970). It makes the high half of the boot id, so that
 * a peer that remembers the highest counter it saw from this node can tell beats recorded under
 * an earlier start from this start's.
 */
final class BootCounter {
    static final String FILE = "heartbeat.boot";
    static final long MAX = 0xFFFF_FFFFL;

    private BootCounter() {
    }

    /**
     * Reads the last counter, and writes this start's before any beat goes out.
     *
     * @param folder the state folder
     * @param epochSeconds the clock
     * @param warn gets one line when the file holds no usable counter
     * @param error gets one line when this start's counter cannot be written
     * @return this start's counter
     */
    static long next(Path folder, long epochSeconds, Consumer<String> warn, Consumer<String> error) {
        Path file = folder.resolve(FILE);
        long counter = Math.max(read(file, warn) + 1, epochSeconds & MAX);
        try {
            AtomicFile.write(file, (counter + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            error.accept("Heartbeat cannot write its boot counter " + counter + " to " + file + " (" + e
                    + "): replay protection across restarts is weakened, the next start's counter rests on the clock "
                    + "alone; make " + folder + " writable by the node's user");
        }
        return counter;
    }

    /** @return the counter in the file, or -1 when there is none */
    private static long read(Path file, Consumer<String> warn) {
        String text;
        try {
            text = Files.size(file) > 64 ? "(" + Files.size(file) + " bytes)"
                    : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).trim();
        } catch (NoSuchFileException first) {
            return -1;
        } catch (IOException | RuntimeException e) {
            warn.accept("Heartbeat cannot read its boot counter from " + file + " (" + e + "): it starts from the clock");
            return -1;
        }
        if (text.matches("[0-9]{1,10}") && Long.parseLong(text) < MAX) {
            return Long.parseLong(text);
        }
        warn.accept("Heartbeat boot counter file " + file + " holds \"" + abbreviate(text)
                + "\", not a number below " + MAX + ": it is ignored and the counter starts from the clock");
        return -1;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
