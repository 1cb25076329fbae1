package org.ipfailover.actions.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipfailover.api.Phase;

/** Apple's script folder: which of its files a phase runs, in name order. */
final class ScriptFolder {
    private static final Map<Phase, String> PREFIXES = Map.of(Phase.PRE_ACQUIRE, "PreAcq", Phase.POST_ACQUIRE, "PostAcq",
            Phase.PRE_RELEASE, "PreRel", Phase.POST_RELEASE, "PostRel");

    private ScriptFolder() {
    }

    /** @return {@code Test} for TEST, else the files named {@code PreAcq*}, {@code PostAcq*}, … sorted by name */
    static List<Path> scripts(Path folder, Phase phase) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> matches(file.getFileName().toString(), phase))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    static String pattern(Phase phase) {
        return phase == Phase.TEST ? "Test" : PREFIXES.get(phase) + "*";
    }

    private static boolean matches(String name, Phase phase) {
        return phase == Phase.TEST ? name.equals("Test") : name.startsWith(PREFIXES.get(phase));
    }
}
