package org.ipfailover.netif.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.BackendException;

/**
 * An external program a backend runs, and where it was found.
 *
 * @param name the program's name, e.g. "arping"
 * @param packageName the package that installs it, for messages
 * @param purpose what the backend needs it for, e.g. "announce IPv4 addresses"
 * @param path where it was found, or null when it was not
 */
record Tool(String name, String packageName, String purpose, Path path) {
    /** Daemons often run with a PATH that lacks the sbin folders where ip and ifconfig live. */
    private static final List<String> STANDARD_FOLDERS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    /** @return the tool, found in PATH or a standard folder, or with a null path */
    static Tool locate(String name, String packageName, String purpose) {
        return locate(name, packageName, purpose, searchFolders(System.getenv("PATH")));
    }

    static Tool locate(String name, String packageName, String purpose, List<Path> folders) {
        for (Path folder : folders) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Tool(name, packageName, purpose, candidate);
            }
        }
        return new Tool(name, packageName, purpose, null);
    }

    static List<Path> searchFolders(String pathVariable) {
        Set<String> folders = new LinkedHashSet<>();
        if (pathVariable != null) {
            for (String folder : pathVariable.split(File.pathSeparator)) {
                if (!folder.isBlank()) {
                    folders.add(folder);
                }
            }
        }
        folders.addAll(STANDARD_FOLDERS);
        List<Path> paths = new ArrayList<>();
        folders.forEach(folder -> paths.add(Path.of(folder)));
        return paths;
    }

    boolean found() {
        return path != null;
    }

    /** @return the program to put first in an argument list: its full path, or its name when not found */
    String command() {
        return found() ? path.toString() : name;
    }

    /** @return e.g. "arping (package iputils-arping, to announce IPv4 addresses)" */
    String describe() {
        return name + " (package " + packageName + ", to " + purpose + ")";
    }

    /** @throws BackendException naming the package to install, when the tool was not found */
    void require(String doing) throws BackendException {
        if (!found()) {
            throw new BackendException("cannot " + doing + ": " + name + " is not installed on this host (install package "
                    + packageName + ")");
        }
    }
}
