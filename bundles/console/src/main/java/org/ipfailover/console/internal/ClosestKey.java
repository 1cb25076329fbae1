package org.ipfailover.console.internal;

import java.util.Collection;
import java.util.Locale;

/**
 * The real key a misspelt one was meant to be: the one fewest single-letter edits away, ignoring
 * case, when it is close enough to be a typo rather than another word.
 */
final class ClosestKey {
    private ClosestKey() {
    }

    /** @return the closest of {@code keys}, or null when none is near */
    static String of(String key, Collection<String> keys) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keys) {
            int distance = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, Math.min(key.length(), best.length()) / 3) ? best : null;
    }

    /** Levenshtein's edit distance: insertions, deletions and substitutions of one character. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
