package org.ipfailover.checks.internal;

import java.util.ArrayList;
import java.util.List;

/** The HTTP statuses a check accepts: {@code 200-399}, {@code 200}, {@code 200-299,301}. */
final class StatusRange {
    private final List<int[]> spans;
    private final String text;

    private StatusRange(List<int[]> spans, String text) {
        this.spans = List.copyOf(spans);
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what does not read as statuses from 100 to 599 */
    static StatusRange parse(String text) {
        List<int[]> spans = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            String span = part.strip();
            if (span.isEmpty()) {
                continue;
            }
            int dash = span.indexOf('-');
            int low = status(dash < 0 ? span : span.substring(0, dash), span);
            int high = dash < 0 ? low : status(span.substring(dash + 1), span);
            if (low > high) {
                throw new IllegalArgumentException("\"" + span + "\" ends before it starts");
            }
            spans.add(new int[] {low, high});
            parts.add(span.replace(" ", ""));
        }
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("names no status: write e.g. 200-399, or 200-299,301");
        }
        return new StatusRange(spans, String.join(",", parts));
    }

    boolean contains(int status) {
        return spans.stream().anyMatch(span -> status >= span[0] && status <= span[1]);
    }

    @Override
    public String toString() {
        return text;
    }

    private static int status(String digits, String span) {
        int status;
        try {
            status = Integer.parseInt(digits.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + span + "\" is not a status or a range of statuses like 200-399");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("\"" + span + "\": " + status + " is not an HTTP status (100 to 599)");
        }
        return status;
    }
}
