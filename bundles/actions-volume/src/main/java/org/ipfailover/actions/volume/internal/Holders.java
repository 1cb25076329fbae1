package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Which processes keep a mounted filesystem busy (cwd, root, executable or an open file under it), read from /proc. */
final class Holders {
    private static final Path PROC = Path.of("/proc");
    private static final int MAX_NAMED = 5;

    private Holders() {
    }

    /** @return e.g. {@code "1234 (sleep), 1240 (tail)"}, or empty when none is found */
    static String of(Path mountPoint) {
        List<String> holders = new ArrayList<>();
        try (Stream<Path> processes = Files.list(PROC)) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String pid = process.getFileName().toString();
                if (pid.chars().allMatch(Character::isDigit) && holds(process, mountPoint)) {
                    holders.add(pid + " (" + command(process) + ")");
                }
            }
        } catch (IOException e) {
            return "";
        }
        if (holders.size() > MAX_NAMED) {
            return String.join(", ", holders.subList(0, MAX_NAMED)) + " and " + (holders.size() - MAX_NAMED) + " more";
        }
        return String.join(", ", holders);
    }

    private static boolean holds(Path process, Path mountPoint) {
        for (String link : List.of("cwd", "root", "exe")) {
            if (under(process.resolve(link), mountPoint)) {
                return true;
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path file : files) {
                if (under(file, mountPoint)) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            // gone, or not ours to look at
        }
        return false;
    }

    private static boolean under(Path link, Path mountPoint) {
        try {
            return Files.readSymbolicLink(link).startsWith(mountPoint);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
