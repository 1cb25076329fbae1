package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four checks over what the campaign saw:
 * 1. at most one live holder per VIP (configured in a host's kernel with its public cable in),
 *    except during a partition and {@link #PARTITION_MARGIN_MILLIS} after it heals, while a node is
 *    frozen (SIGSTOP: it cannot remove what it holds) and {@link #PAUSE_MARGIN_MILLIS} after it
 *    resumes, and while a killed node is down (its kernel keeps the address) and
 *    {@link #KILL_MARGIN_MILLIS} after it is started again;
 * 2. the client of each VIP never waits more than {@link #ANSWER_MILLIS} for an answer, except
 *    while a fault cuts the holder's public cable (then from the heal on);
 * 3. no group stays in TESTING, ACQUIRING or RELEASING longer than its timeouts allow (time a node
 *    was paused does not count);
 * 4. every event in the nodes' histories is mailed exactly once.
 */
final class Verdicts {
    static final long PARTITION_MARGIN_MILLIS = 1000;
    /** A node that resumes hears the other holder and the lower-priority one releases: the 1.5 s. */
    static final long PAUSE_MARGIN_MILLIS = 1500;
    /** A killed node started again: its start (up to 2.5 s on a loaded machine), a dead time of listening, the release. */
    static final long KILL_MARGIN_MILLIS = 4000;
    static final long ANSWER_MILLIS = 1500;
    static final long SLACK_MILLIS = 1000;
    /** Each transitional state's limit: the timeouts of what runs in it (shell action phase, netif commands), plus slack. */
    static final Map<String, Long> LIMIT_MILLIS = Map.of(
            "TESTING", NodeHome.SHELL_TIMEOUT_SECONDS * 1000L + SLACK_MILLIS,
            "ACQUIRING", 2 * NodeHome.SHELL_TIMEOUT_SECONDS * 1000L + 2L * NodeHome.COMMAND_TIMEOUT_MILLIS + SLACK_MILLIS,
            "RELEASING", 2 * NodeHome.SHELL_TIMEOUT_SECONDS * 1000L + NodeHome.COMMAND_TIMEOUT_MILLIS + SLACK_MILLIS);
    private static final long STOP_NEAR_MICROS = 2_000_000;
    private static final long START_NEAR_MICROS = 10_000_000;
    private static final Pattern EVENT_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*org\\.ipfailover\\.events - (\\S+) (group|peer) (\\S+)(?: (\\S+) -> (\\S+))?: .*");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Campaign.Outcome outcome;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<Fault, Long> recovery = new HashMap<>();
    private final Map<String, List<Windows.Span>> runSilences = new HashMap<>();
    private final Map<String, Long> longestEpisode = new TreeMap<>();
    private int mailsMatched;
    private int eventsJudged;
    private int mailsJudged;

    Verdicts(Campaign.Outcome outcome) {
        this.outcome = outcome;
        for (Group group : outcome.groups()) {
            runSilences.put(group.vip(), silences(group.vip(), outcome.startMicros(), outcome.endMicros()));
            oneHolder(group.vip());
            answered(group.vip());
        }
        outcome.faults().forEach(fault -> recovery.put(fault, recoveryOf(fault)));
        transitions();
        mails();
        violations.sort(Comparator.comparingLong(Violation::micros));
    }

    List<Violation> violations() {
        return violations;
    }

    long recovery(Fault fault) {
        return recovery.getOrDefault(fault, -1L);
    }

    Map<String, Long> longestEpisode() {
        return longestEpisode;
    }

    int eventsJudged() {
        return eventsJudged;
    }

    int mailsJudged() {
        return mailsJudged;
    }

    int mailsMatched() {
        return mailsMatched;
    }

    private Fault faultAt(long micros) {
        for (Fault fault : outcome.faults()) {
            if (fault.inWindow(micros)) {
                return fault;
            }
        }
        return null;
    }

    // ---- 1. one holder

    private void oneHolder(String vip) {
        record Change(long micros, String host, boolean address, boolean on) {
        }
        List<Change> changes = new ArrayList<>();
        outcome.addressChanges().stream().filter(c -> c.vip().equals(vip))
                .forEach(c -> changes.add(new Change(c.micros(), c.host(), true, c.added())));
        outcome.links().stream().filter(l -> l.device().equals("eth0"))
                .forEach(l -> changes.add(new Change(l.micros(), l.host(), false, l.up())));
        changes.sort(Comparator.comparingLong(Change::micros));
        Set<String> configured = new HashSet<>();
        Set<String> down = new HashSet<>();
        List<Windows.Span> overlaps = new ArrayList<>();
        Map<Windows.Span, String> who = new HashMap<>();
        long since = -1;
        String hosts = "";
        for (Change change : changes) {
            Set<String> target = change.address() ? configured : down;
            boolean member = change.address() ? change.on() : !change.on();
            if (member) {
                target.add(change.host());
            } else {
                target.remove(change.host());
            }
            Set<String> live = new HashSet<>(configured);
            live.removeAll(down);
            if (live.size() >= 2 && since < 0) {
                since = change.micros();
                hosts = String.join(" and ", live.stream().sorted().toList());
            } else if (live.size() < 2 && since >= 0) {
                Windows.Span span = new Windows.Span(since, change.micros());
                overlaps.add(span);
                who.put(span, hosts);
                since = -1;
            }
        }
        if (since >= 0) {
            Windows.Span span = new Windows.Span(since, outcome.endMicros());
            overlaps.add(span);
            who.put(span, hosts);
        }
        List<Windows.Span> partitions = new ArrayList<>();
        for (Fault fault : outcome.faults()) {
            long margin = fault.partition ? PARTITION_MARGIN_MILLIS
                    : fault.kind == FaultKind.PAUSE ? PAUSE_MARGIN_MILLIS
                    : fault.kind == FaultKind.KILL ? KILL_MARGIN_MILLIS : -1;
            if (margin >= 0) {
                partitions.add(new Windows.Span(fault.startMicros, fault.healMicros + margin * 1000));
            }
        }
        for (Windows.Span overlap : overlaps) {
            Windows.Span clipped = new Windows.Span(Math.max(overlap.from(), outcome.startMicros()), Math.min(overlap.to(), outcome.endMicros()));
            if (clipped.to() <= clipped.from()) {
                continue;
            }
            for (Windows.Span piece : Windows.subtract(clipped, partitions)) {
                violations.add(new Violation(1, piece.from(), faultAt(piece.from()), vip + " live on " + who.get(overlap) + " for "
                        + piece.millis() + " ms (" + Clock.time(piece.from()) + " to " + Clock.time(piece.to()) + ")"));
            }
        }
    }

    // ---- 2. the client answered

    private List<Windows.Span> unreachable(String vip) {
        List<Windows.Span> holes = new ArrayList<>();
        for (Fault fault : outcome.faults()) {
            if (fault.unreachable.contains(vip)) {
                holes.add(new Windows.Span(fault.startMicros, fault.healMicros));
            }
        }
        return holes;
    }

    /** Silences: from one answer to the next, the campaign's start and end counting as answers. */
    private List<Windows.Span> silences(String vip, long from, long to) {
        List<Windows.Span> silences = new ArrayList<>();
        long previous = from;
        for (ProbeWatch.Answer answer : outcome.answers().getOrDefault(vip, List.of())) {
            if (answer.micros() <= from) {
                continue;
            }
            if (answer.micros() >= to) {
                break;
            }
            silences.add(new Windows.Span(previous, answer.micros()));
            previous = answer.micros();
        }
        silences.add(new Windows.Span(previous, to));
        return silences;
    }

    private void answered(String vip) {
        List<Windows.Span> holes = unreachable(vip);
        for (Windows.Span silence : runSilences.get(vip)) {
            if (silence.millis() <= ANSWER_MILLIS) {
                continue;
            }
            for (Windows.Span piece : Windows.subtract(silence, holes)) {
                if (piece.millis() > ANSWER_MILLIS) {
                    violations.add(new Violation(2, piece.from(), faultAt(piece.from()), "the client of " + vip + " had no answer for "
                            + piece.millis() + " ms (" + Clock.time(piece.from()) + " to " + Clock.time(piece.to()) + ")" + around(vip, piece)));
                }
            }
        }
    }

    private String around(String vip, Windows.Span piece) {
        String before = null;
        String after = null;
        for (ProbeWatch.Answer answer : outcome.answers().getOrDefault(vip, List.of())) {
            if (answer.micros() <= piece.from()) {
                before = answer.host();
            } else if (answer.micros() >= piece.to()) {
                after = answer.host();
                break;
            }
        }
        return "; answered before by " + (before == null ? "nobody" : before) + ", after by " + (after == null ? "nobody" : after);
    }

    /**
     * The longest wait of the client of any VIP that began in the fault's window (however long it
     * lasted); while a fault cuts a VIP off by design (this one or the next), counted from its heal.
     */
    private long recoveryOf(Fault fault) {
        long worst = 0;
        for (Group group : outcome.groups()) {
            List<Windows.Span> holes = unreachable(group.vip());
            for (Windows.Span silence : runSilences.get(group.vip())) {
                if (silence.to() <= fault.startMicros || silence.from() >= fault.windowEndMicros) {
                    continue;
                }
                for (Windows.Span piece : Windows.subtract(silence, holes)) {
                    if (fault.inWindow(piece.from())) {
                        worst = Math.max(worst, piece.millis());
                    }
                }
            }
        }
        return worst;
    }

    // ---- 3. transitional states

    private void transitions() {
        for (StatusWatch.Episode episode : outcome.episodes()) {
            if (episode.endMicros() < outcome.startMicros() && episode.startMicros() < outcome.startMicros()) {
                continue;
            }
            Windows.Span span = new Windows.Span(episode.startMicros(), episode.endMicros());
            long paused = 0;
            for (Injector.Pause pause : outcome.pauses()) {
                if (pause.host().equals(episode.host())) {
                    paused += Windows.overlap(span, new Windows.Span(pause.fromMicros(), pause.toMicros()));
                }
            }
            long millis = (span.to() - span.from() - paused) / 1000;
            longestEpisode.merge(episode.state(), millis, Math::max);
            long limit = LIMIT_MILLIS.get(episode.state());
            if (millis > limit) {
                violations.add(new Violation(3, episode.startMicros(), faultAt(episode.startMicros()), episode.group() + " on "
                        + episode.host() + " in " + episode.state() + " for " + millis + " ms" + (episode.ended() ? "" : " or more (still, or until the node went away)")
                        + ", limit " + limit + " ms" + (paused > 0 ? " (" + paused / 1000 + " ms paused not counted)" : "")));
            }
        }
    }

    // ---- 4. mail

    private void mails() {
        long cut = outcome.endMicros();
        Map<EventKey, Integer> events = new HashMap<>();
        outcome.events().forEach((key, count) -> {
            if (key.micros() <= cut) {
                events.put(key, count);
            }
        });
        Map<EventKey, Integer> mailed = new HashMap<>();
        for (String subject : outcome.mails()) {
            EventKey key;
            try {
                key = EventKey.ofSubject(subject);
            } catch (RuntimeException e) {
                key = null;
            }
            if (key == null) {
                violations.add(new Violation(4, cut, null, "a mail whose subject is not node|type|target|from|to|time: \"" + subject + "\""));
                continue;
            }
            if (key.micros() <= cut) {
                mailed.merge(key, 1, Integer::sum);
            }
        }
        eventsJudged = events.values().stream().mapToInt(Integer::intValue).sum();
        mailsJudged = mailed.values().stream().mapToInt(Integer::intValue).sum();
        Set<EventKey> keys = new HashSet<>(events.keySet());
        keys.addAll(mailed.keySet());
        Map<String, List<EventKey>> logged = null;
        for (EventKey key : keys) {
            int happened = events.getOrDefault(key, 0);
            int sent = mailed.getOrDefault(key, 0);
            mailsMatched += Math.min(happened, sent);
            if (happened == sent) {
                continue;
            }
            if (happened == 0) {
                if (logged == null) {
                    logged = logged();
                }
                if (inLog(logged, key)) {
                    if (sent == 1) {
                        mailsMatched++;
                        continue;
                    }
                    happened = 1;
                }
            }
            String what = happened == 0 ? "mailed " + sent + " time(s), but in no history or log: " + key
                    : sent == 0 ? "never mailed: " + key + (happened > 1 ? " (" + happened + " such events)" : "")
                    : "mailed " + sent + " times for " + happened + " event(s): " + key;
            violations.add(new Violation(4, key.micros(), faultOfEvent(key), what + stopNear(key)));
        }
    }

    /** The fault in whose window the event fell; for an event soon after a node started, the fault that started it. */
    private Fault faultOfEvent(EventKey key) {
        for (Injector.Lifecycle change : outcome.lifecycle()) {
            long after = key.micros() - change.micros();
            if (change.host().equals(key.node()) && change.what().equals("started") && after >= 0 && after <= START_NEAR_MICROS) {
                for (Fault fault : outcome.faults()) {
                    if (fault.startMicros <= change.micros() && change.micros() <= fault.healMicros) {
                        return fault;
                    }
                }
            }
        }
        return faultAt(key.micros());
    }

    /** Says when the node was stopped within 2 s after the event, or started within 10 s before it (a JVM start under load). */
    private String stopNear(EventKey key) {
        for (Injector.Lifecycle stop : outcome.lifecycle()) {
            long after = stop.micros() - key.micros();
            if (!stop.host().equals(key.node())) {
                continue;
            }
            if (stop.what().equals("started") && after <= 0 && after >= -START_NEAR_MICROS) {
                return "; " + -after / 1000 + " ms after the node was started";
            }
            if (!stop.what().equals("started") && after >= 0 && after <= STOP_NEAR_MICROS) {
                return "; the node was " + stop.what() + " " + after / 1000 + " ms later";
            }
        }
        return "";
    }

    /** Events the nodes logged (org.ipfailover.events), for mails of events no history snapshot caught (a node stopped). */
    private Map<String, List<EventKey>> logged() {
        Map<String, List<EventKey>> logged = new HashMap<>();
        outcome.logs().forEach((host, log) -> logged.put(host, parseLog(host, log)));
        return logged;
    }

    static List<EventKey> parseLog(String host, Path log) {
        List<EventKey> keys = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher match = EVENT_LINE.matcher(line);
                if (match.matches()) {
                    long millis = LocalDateTime.parse(match.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                    String target = match.group(4).equals("null") ? host : match.group(4);
                    String change = match.group(5) == null ? "" : match.group(5) + "->" + match.group(6);
                    keys.add(new EventKey(host, match.group(2), target, change, millis));
                }
            }
        } catch (IOException e) {
            Log.say("cannot read " + log + ": " + e.getMessage());
        }
        return keys;
    }

    private static boolean inLog(Map<String, List<EventKey>> logged, EventKey key) {
        for (EventKey line : logged.getOrDefault(key.node(), List.of())) {
            if (line.type().equals(key.type()) && line.target().equals(key.target())
                    && (line.change().equals(key.change()) || key.change().isEmpty() || line.change().isEmpty())
                    && Math.abs(line.epochMillis() - key.epochMillis()) <= 100) {
                return true;
            }
        }
        return false;
    }
}
