package org.ipfailover.actions.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Like sshd's StrictModes: a script, or a folder that holds scripts, that anyone but root and this
 * node's user could change would let them run code as the node, so it is refused.
 */
final class StrictModes {
    private final boolean enabled;
    private final String user;

    StrictModes(boolean enabled, String user) {
        this.enabled = enabled;
        this.user = user;
    }

    static StrictModes of(ShellSettings settings) {
        return new StrictModes(settings.strictModes(), System.getProperty("user.name"));
    }

    /** @return why each path must not be used, one line each; empty when all may be used */
    List<String> problems(Path... paths) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        for (Path path : paths) {
            String problem = problem(path);
            if (problem != null) {
                problems.add("refusing " + path + ": " + problem + " (or set strictModes=false)");
            }
        }
        return problems;
    }

    private String problem(Path path) {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot read its owner and mode: " + e;
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "writable by group or others (" + PosixFilePermissions.toString(mode) + "): chmod go-w it";
        }
        String owner = attributes.owner().getName();
        if (!owner.equals("root") && !owner.equals(user)) {
            return "owned by " + owner + ", not by root" + (user.equals("root") ? "" : " or " + user) + ": chown it";
        }
        return null;
    }
}
