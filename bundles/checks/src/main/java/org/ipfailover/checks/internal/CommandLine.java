package org.ipfailover.checks.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's argument list as configured: several values are one argument each; a single value
 * (what a {@code .cfg} line gives) is split at white space, and '…' or "…" keep spaces in one
 * argument. Nothing else is special: no shell ever sees it, so no variables, globs or pipes.
 */
final class CommandLine {
    private CommandLine() {
    }

    /** @throws IllegalArgumentException when a quote is not closed */
    static List<String> arguments(List<String> values) {
        if (values.size() != 1) {
            return values.stream().filter(value -> !value.isEmpty()).toList();
        }
        String line = values.get(0);
        List<String> arguments = new ArrayList<>();
        StringBuilder argument = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    argument.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    arguments.add(argument.toString());
                    argument.setLength(0);
                    inArgument = false;
                }
            } else {
                argument.append(c);
                inArgument = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the quote " + quote + " opened is never closed");
        }
        if (inArgument) {
            arguments.add(argument.toString());
        }
        return arguments;
    }
}
