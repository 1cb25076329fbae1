package org.ipfailover.notify.mail.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A text with {@code ${placeholder}}s; {@code $${} writes a literal {@code ${}. */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z]+)}");

    private final String text;

    private Template(String text) {
        this.text = text;
    }

    /**
     * @param text the template
     * @param known the placeholders that may appear
     * @param problems receives one line per unknown placeholder
     * @return the template
     */
    static Template parse(String text, Set<String> known, List<String> problems) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name != null && !known.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : unknown) {
            problems.add("unknown placeholder ${" + name + "}");
        }
        return new Template(text);
    }

    static Template of(String text) {
        return new Template(text);
    }

    /** @return the text with every placeholder replaced; an unknown one stays as it is */
    String render(Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name == null ? "${" : values.getOrDefault(name, matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
