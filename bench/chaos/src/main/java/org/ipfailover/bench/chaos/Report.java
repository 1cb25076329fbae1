package org.ipfailover.bench.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The campaign's markdown: faults by kind with the worst recovery, violations by invariant, then each violation. */
final class Report {
    private static final int MAX_ROWS = 60;

    private Report() {
    }

    static String of(Campaign.Outcome outcome, Verdicts verdicts, String build) {
        Options options = outcome.options();
        StringBuilder md = new StringBuilder();
        long seconds = (outcome.endMicros() - outcome.startMicros()) / 1_000_000;
        md.append("### Chaos campaign: ").append(options.nodes() == 3 ? "three nodes (pri, sec, ter)" : "a pair (pri, sec)")
                .append(", ").append(options.durationSeconds()).append(" s, seed ").append(options.seed()).append("\n\n");
        md.append("Node: ").append(build).append(". Groups: ");
        List<String> groups = new ArrayList<>();
        for (Group group : outcome.groups()) {
            groups.add(group.name() + " " + group.vip() + " (" + String.join(", ", group.nodes()) + ")");
        }
        md.append(String.join(", ", groups)).append("; defaults (interval 100 ms, dead time 300 ms, failbackDelay 2000 ms). Faults: ")
                .append(options.describeFaults()).append(", one at a time; ").append(outcome.faults().size()).append(" in ")
                .append(seconds).append(" s until every group was back on its primary.\n");
        md.append("Load average (1 min, every 10 s): ").append(stats(outcome.loads().stream().map(Campaign.Load::value).toList())).append(" (min / median / max); at the end ")
                .append(String.format(Locale.ROOT, "%.2f", Campaign.loadAverage())).append(". Machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");

        md.append("| fault | injected | worst recovery (ms) | median recovery (ms) | windows with a violation |\n|---|---|---|---|---|\n");
        Map<FaultKind, List<Long>> byKind = new EnumMap<>(FaultKind.class);
        Map<FaultKind, Integer> broken = new EnumMap<>(FaultKind.class);
        for (Fault fault : outcome.faults()) {
            byKind.computeIfAbsent(fault.kind, k -> new ArrayList<>()).add(verdicts.recovery(fault));
        }
        for (Violation violation : verdicts.violations()) {
            if (violation.fault() != null) {
                broken.merge(violation.fault().kind, 1, Integer::sum);
            }
        }
        for (FaultKind kind : FaultKind.values()) {
            List<Long> recoveries = byKind.get(kind);
            if (recoveries == null) {
                continue;
            }
            List<Long> sorted = recoveries.stream().sorted().toList();
            md.append("| ").append(kind.label()).append(" | ").append(sorted.size()).append(" | ").append(sorted.get(sorted.size() - 1))
                    .append(" | ").append(median(sorted)).append(" | ").append(countWindows(verdicts, kind)).append(" |\n");
        }
        md.append("\n*recovery*: the longest the client of any VIP waited for an answer (probe every 10 ms), of the waits that began between "
                + "the fault's start and the next fault's start; for a pulled public cable of a VIP's holder, counted from the heal.\n\n");

        md.append("| invariant | violations | |\n|---|---|---|\n");
        md.append("| 1. at most one live holder per VIP (configured, public cable in), outside partitions (+")
                .append(Verdicts.PARTITION_MARGIN_MILLIS).append(" ms), pauses (+").append(Verdicts.PAUSE_MARGIN_MILLIS)
                .append(" ms after the resume) and kills (+").append(Verdicts.KILL_MARGIN_MILLIS).append(" ms after the restart) | ")
                .append(count(verdicts, 1)).append(" | |\n");
        md.append("| 2. the client answered within ").append(Verdicts.ANSWER_MILLIS)
                .append(" ms of every fault (of its heal, when the holder's public cable was out) | ").append(count(verdicts, 2)).append(" | |\n");
        md.append("| 3. no group longer in TESTING / ACQUIRING / RELEASING than its timeouts (")
                .append(Verdicts.LIMIT_MILLIS.get("TESTING")).append(" / ").append(Verdicts.LIMIT_MILLIS.get("ACQUIRING")).append(" / ")
                .append(Verdicts.LIMIT_MILLIS.get("RELEASING")).append(" ms) | ").append(count(verdicts, 3)).append(" | longest seen: ")
                .append(longest(verdicts)).append(" |\n");
        md.append("| 4. every event mailed exactly once | ").append(count(verdicts, 4)).append(" | ").append(verdicts.eventsJudged())
                .append(" events in the histories, ").append(verdicts.mailsJudged()).append(" mails, ").append(verdicts.mailsMatched())
                .append(" matched |\n");

        if (!verdicts.violations().isEmpty()) {
            md.append("\n| at | invariant | fault window | what | load |\n|---|---|---|---|---|\n");
            int rows = 0;
            for (Violation violation : verdicts.violations()) {
                if (++rows > MAX_ROWS) {
                    md.append("| | | | | ").append(verdicts.violations().size() - MAX_ROWS).append(" more (all in violations.md with --keep) |\n");
                    break;
                }
                md.append(row(violation, outcome.loads()));
            }
        }
        if (!outcome.incidents().isEmpty()) {
            md.append("\nIncidents:\n\n");
            outcome.incidents().forEach(incident -> md.append("- ").append(incident).append('\n'));
        }
        return md.toString();
    }

    /** A violation as a table row, with the highest load average sampled within 10 s of it. */
    static String row(Violation violation, List<Campaign.Load> loads) {
        double load = Campaign.Load.around(loads, violation.micros());
        return "| " + Clock.time(violation.micros()) + " | " + violation.invariant() + " | "
                + (violation.fault() == null ? "before the first fault" : violation.fault().describe()) + " | "
                + violation.details().replace("|", "/") + " | " + (load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load)) + " |\n";
    }

    private static long count(Verdicts verdicts, int invariant) {
        return verdicts.violations().stream().filter(v -> v.invariant() == invariant).count();
    }

    private static long countWindows(Verdicts verdicts, FaultKind kind) {
        return verdicts.violations().stream().filter(v -> v.fault() != null && v.fault().kind == kind).map(Violation::fault).distinct().count();
    }

    private static String longest(Verdicts verdicts) {
        List<String> parts = new ArrayList<>();
        verdicts.longestEpisode().forEach((state, millis) -> parts.add(state + " " + millis + " ms"));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String stats(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Double> sorted = values.stream().filter(v -> v >= 0).sorted().toList();
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
