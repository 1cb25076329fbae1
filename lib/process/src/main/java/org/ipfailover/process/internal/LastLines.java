package org.ipfailover.process.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last non-blank lines of a command's output streams together, for the reason of its result. */
final class LastLines {
    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        lines.addLast(line.strip());
        if (lines.size() > ProcessResult.LAST_LINES) {
            lines.removeFirst();
        }
    }

    synchronized List<String> list() {
        return List.copyOf(lines);
    }
}
