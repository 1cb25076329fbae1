package org.ipfailover.console.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems check-config found, one line each, in the order found. A key is reported once: the
 * heartbeat and the detector both check the node's file, and a value of the wrong type fails every
 * later rule of its key too; the first line says what to fix.
 */
final class ConfProblems {
    private final Set<String> lines = new LinkedHashSet<>();
    private final Set<String> keys = new HashSet<>();

    /** @param line a line as {@link org.ipfailover.api.config.ConfigurationCheck} words it: {@code <source>: key '<key>': ...} */
    void add(String source, String line) {
        String key = keyOf(source, line);
        if (key == null || keys.add(source + "\0" + key)) {
            lines.add(line);
        }
    }

    void add(String source, String key, String problem) {
        add(source, source + ": key '" + key + "': " + problem);
    }

    /** @return whether the key of that file has a problem already */
    boolean has(String source, String key) {
        return keys.contains(source + "\0" + key);
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }

    private static String keyOf(String source, String line) {
        String prefix = source + ": key '";
        if (!line.startsWith(prefix)) {
            return null;
        }
        int end = line.indexOf('\'', prefix.length());
        return end < 0 ? null : line.substring(prefix.length(), end);
    }
}
