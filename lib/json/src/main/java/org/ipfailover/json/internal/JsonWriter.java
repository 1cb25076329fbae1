package org.ipfailover.json.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Just enough JSON (RFC 8259) for monitoring output: objects, arrays, strings, numbers, booleans
 * and null, written in order. Not a general library: the node takes no dependency for it.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Per open container: whether it has no element yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        empty.push(true);
        return this;
    }

    public JsonWriter endObject() {
        empty.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        empty.push(true);
        return this;
    }

    public JsonWriter endArray() {
        empty.pop();
        out.append(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String text) {
        separate();
        if (text == null) {
            out.append("null");
        } else {
            quote(text);
        }
        return this;
    }

    public JsonWriter value(long number) {
        separate();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean flag) {
        separate();
        out.append(flag);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!empty.isEmpty()) {
            if (!empty.peek()) {
                out.append(',');
            }
            empty.pop();
            empty.push(false);
        }
    }

    private void quote(String text) {
        out.append('"').append(escape(text)).append('"');
    }

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                // legal in JSON, but not in JavaScript source that embeds it
                case '\u2028', '\u2029' -> escaped.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
