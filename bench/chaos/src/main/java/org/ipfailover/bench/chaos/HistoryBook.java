package org.ipfailover.bench.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event the nodes report in {@code failover:history}, gathered from snapshots. A node's
 * history lives in its memory, so each run of a node (incarnation) is a book of its own: two
 * snapshots of one run overlap (an event counts once, however often a snapshot shows it), two runs
 * add up.
 */
final class HistoryBook {
    private final Map<String, Map<EventKey, Integer>> byRun = new HashMap<>();

    /** @param table the output of {@code failover:history N}: a header line, then one row per event */
    synchronized int add(String node, int incarnation, String table) {
        List<String> lines = table.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("TIME")) {
            return 0;
        }
        String header = lines.get(0);
        int event = header.indexOf("EVENT");
        int target = header.indexOf("GROUP/PEER");
        int change = header.indexOf("CHANGE");
        int reason = header.indexOf("REASON");
        Map<EventKey, Integer> counts = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.length() < change) {
                continue;
            }
            EventKey key = EventKey.ofHistory(node, line.substring(0, event).trim(), cell(line, event, target), cell(line, target, change),
                    cell(line, change, reason));
            counts.merge(key, 1, Integer::sum);
        }
        Map<EventKey, Integer> run = byRun.computeIfAbsent(node + "#" + incarnation, r -> new HashMap<>());
        counts.forEach((key, count) -> run.merge(key, count, Math::max));
        return counts.size();
    }

    private static String cell(String line, int from, int to) {
        return line.substring(Math.min(from, line.length()), Math.min(to, line.length())).trim();
    }

    /** Every event, with how many times it happened. */
    synchronized Map<EventKey, Integer> events() {
        Map<EventKey, Integer> all = new HashMap<>();
        byRun.values().forEach(run -> run.forEach((key, count) -> all.merge(key, count, Integer::sum)));
        return all;
    }
}
