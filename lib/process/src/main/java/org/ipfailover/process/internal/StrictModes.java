package org.ipfailover.process.internal;

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
 * node's user could change would let them run code as the node, so it is refused. The one rule for
 * every bundle that runs executables named in its configuration.
 */
public final class StrictModes {
    private final boolean enabled;
    private final String user;

    /** @param user the node's user, who may own what it runs besides root */
    public StrictModes(boolean enabled, String user) {
        this.enabled = enabled;
        this.user = user;
    }

    /** @param enabled false: every path may be used */
    public static StrictModes forThisUser(boolean enabled) {
        return new StrictModes(enabled, System.getProperty("user.name"));
    }

    /** @return why each path must not be used, one line each; empty when all may be used */
    public List<String> problems(Path... paths) {
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
