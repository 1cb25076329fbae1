package org.ipfailover.console.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code KEY=value} lines of Apple's {@code /etc/hostconfig}, a Bourne shell fragment: values
 * quoted ("..." or '...', also the typographic quotes of Apple's PDF manuals) or not, comments and
 * blank lines skipped, a later line overriding an earlier one as in sh.
 */
record Hostconfig(Map<String, String> values) {
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    Hostconfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static Hostconfig parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (assignment.matches()) {
                values.remove(assignment.group(1));
                values.put(assignment.group(1), value(assignment.group(2)));
            }
        }
        return new Hostconfig(values);
    }

    private static String value(String text) {
        if (text.isEmpty()) {
            return "";
        }
        char open = text.charAt(0);
        char close = switch (open) {
            case '"', '\'' -> open;
            case '\u201c', '\u201d' -> '\u201d';
            default -> 0;
        };
        if (close == 0) {
            int end = 0;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ';') {
                end++;
            }
            return text.substring(0, end);
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == close || (close == '\u201d' && c == '\u201c')) {
                break;
            }
            if (c == '\\' && open == '"' && i + 1 < text.length()) {
                c = text.charAt(++i);
            }
            value.append(c);
        }
        return value.toString().strip();
    }

    String get(String key) {
        return values.get(key);
    }
}
