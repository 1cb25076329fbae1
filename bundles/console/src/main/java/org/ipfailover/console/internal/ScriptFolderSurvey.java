package org.ipfailover.console.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the shell action will find in an Apple script folder ({@code <folder>/<primary address>/}):
 * which scripts run, which files it ignores, and what its strict modes will refuse.
 */
final class ScriptFolderSurvey {
    private static final List<String> PREFIXES = List.of("PreAcq", "PostAcq", "PreRel", "PostRel");

    private ScriptFolderSurvey() {
    }

    /** @param addresses the group's addresses: the shell action runs the first one's folder */
    static List<String> describe(Path folder, List<String> addresses) {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            lines.add("scripts folder " + folder + " does not exist on this host: create it (or copy the Mac's "
                    + "/Library/IPFailover) before a takeover, else no script runs");
            return lines;
        }
        if (addresses.isEmpty()) {
            return lines;
        }
        Path scripts = folder.resolve(addresses.get(0));
        if (!Files.isDirectory(scripts)) {
            lines.add("no folder " + scripts + ": the shell action will run no script for this group");
        } else {
            lines.addAll(scriptsIn(scripts));
        }
        for (String other : addresses.subList(1, addresses.size())) {
            if (Files.isDirectory(folder.resolve(other))) {
                lines.add("scripts in " + folder.resolve(other) + " will NOT run: the shell action runs the folder of the group's "
                        + "first address (" + addresses.get(0) + ") only; move them there");
            }
        }
        return lines;
    }

    private static List<String> scriptsIn(Path scripts) {
        List<String> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(scripts)) {
            files = listing.sorted().toList();
        } catch (IOException e) {
            lines.add("cannot read " + scripts + ": " + e.getMessage());
            return lines;
        }
        List<String> run = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.equals("Test") && PREFIXES.stream().noneMatch(name::startsWith)) {
                lines.add(file + " is not run (only Test, PreAcq*, PostAcq*, PreRel*, PostRel* are)");
                continue;
            }
            run.add(name);
            String problem = problem(file);
            if (problem != null) {
                lines.add(file + " " + problem);
            }
        }
        run.sort(java.util.Comparator.comparingInt(ScriptFolderSurvey::phase).thenComparing(name -> name));
        lines.add(0, "scripts in " + scripts + ": " + (run.isEmpty() ? "none" : String.join(", ", run))
                + " (by phase; within a phase in name order)");
        return lines;
    }

    /** Test first, then PreAcq, PostAcq, PreRel, PostRel. */
    private static int phase(String name) {
        return name.equals("Test") ? -1 : PREFIXES.indexOf(PREFIXES.stream().filter(name::startsWith).findFirst().orElseThrow());
    }

    private static String problem(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "is writable by group or others: the shell action refuses it (chmod go-w)";
            }
            if (!Files.isExecutable(file)) {
                return "is not executable (chmod +x)";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot be checked: " + e.getMessage();
        }
        return null;
    }
}
