package org.ipfailover.actions.shell.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a script wrote, for the reason of its result. */
final class OutputTail {
    static final int LINES = 10;
    static final int CHARACTERS = 600;

    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        lines.addLast(line.strip());
        if (lines.size() > LINES) {
            lines.removeFirst();
        }
    }

    /** @return the lines joined with "; ", cut to the last {@value #CHARACTERS} characters */
    synchronized String text() {
        String text = String.join("; ", lines);
        return text.length() <= CHARACTERS ? text : "…" + text.substring(text.length() - CHARACTERS);
    }
}
