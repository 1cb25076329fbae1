package org.ipfailover.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/** Time intervals in microseconds, [from, to), and what is left of one when others are taken out. */
final class Windows {
    record Span(long from, long to) {
        long millis() {
            return (to - from) / 1000;
        }
    }

    private Windows() {
    }

    static List<Span> subtract(Span span, List<Span> holes) {
        List<Span> left = new ArrayList<>(List.of(span));
        for (Span hole : holes) {
            List<Span> next = new ArrayList<>();
            for (Span part : left) {
                if (hole.to() <= part.from() || hole.from() >= part.to()) {
                    next.add(part);
                    continue;
                }
                if (hole.from() > part.from()) {
                    next.add(new Span(part.from(), hole.from()));
                }
                if (hole.to() < part.to()) {
                    next.add(new Span(hole.to(), part.to()));
                }
            }
            left = next;
        }
        return left;
    }

    static long overlap(Span a, Span b) {
        return Math.max(0, Math.min(a.to(), b.to()) - Math.max(a.from(), b.from()));
    }
}
