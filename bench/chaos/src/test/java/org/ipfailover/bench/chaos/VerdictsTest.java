package org.ipfailover.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four checks on a made-up campaign whose every fault has one thing to find, or one thing to forgive. */
class VerdictsTest {
    private static final long T0 = 1_800_000_000_000_000L;
    private static final String WEB = "198.51.100.10";
    private static final String DB = "198.51.100.11";

    private final List<Fault> faults = new ArrayList<>();
    private final List<AddressWatch.Change> addresses = new ArrayList<>();
    private final List<Lab.LinkChange> links = new ArrayList<>();
    private final List<StatusWatch.Episode> episodes = new ArrayList<>();
    private final List<Injector.Pause> pauses = new ArrayList<>();
    private final Map<EventKey, Integer> events = new HashMap<>();
    private final List<String> mails = new ArrayList<>();

    private static long at(double seconds) {
        return T0 + Math.round(seconds * 1_000_000);
    }

    private Fault fault(FaultKind kind, String target, double start, double heal, double windowEnd) {
        Fault fault = new Fault(faults.size() + 1, kind, target);
        fault.startMicros = at(start);
        fault.healMicros = at(heal);
        fault.windowEndMicros = at(windowEnd);
        faults.add(fault);
        return fault;
    }

    /** The client answered every 10 ms from 0 to 60 s, except in the silences given as {from, to} seconds. */
    private static List<ProbeWatch.Answer> answers(String host, double[]... silences) {
        List<ProbeWatch.Answer> answers = new ArrayList<>();
        for (long t = at(0); t < at(60); t += 10_000) {
            boolean silent = false;
            for (double[] silence : silences) {
                silent |= t > at(silence[0]) && t < at(silence[1]);
            }
            if (!silent) {
                answers.add(new ProbeWatch.Answer(t, host));
            }
        }
        return answers;
    }

    private Verdicts judge(Map<String, List<ProbeWatch.Answer>> answers) {
        Options options = new Options(60, 2, 1, EnumSet.allOf(FaultKind.class), "test", Path.of("/tmp"), Path.of("/tmp"));
        Lab lab = new Lab("test", 2);
        Campaign.Outcome outcome = new Campaign.Outcome(options, lab, Group.of(lab.hosts()), at(0), at(60), faults, addresses, links,
                answers, episodes, events, mails, List.of(), pauses, Map.of(), List.of(), List.of(new Campaign.Load(at(0), 1.0)));
        return new Verdicts(outcome);
    }

    private static long count(Verdicts verdicts, int invariant) {
        return verdicts.violations().stream().filter(v -> v.invariant() == invariant).count();
    }

    @Test
    void twoHoldersAreForgivenWithinPartitionsAndPausesAndTheirMarginsOnly() {
        addresses.add(new AddressWatch.Change(at(-1), "pri", WEB, true));
        addresses.add(new AddressWatch.Change(at(-1), "sec", DB, true));
        Fault pause = fault(FaultKind.PAUSE, "pri", 10, 12, 20);
        addresses.add(new AddressWatch.Change(at(10.5), "sec", WEB, true));
        addresses.add(new AddressWatch.Change(at(14.0), "sec", WEB, false)); // 0.5 s past the pause's margin
        fault(FaultKind.PARTITION, "pri eth0+eth1", 20, 23, 30).partition = true;
        links.add(new Lab.LinkChange(at(20), "pri", "eth0", false));
        addresses.add(new AddressWatch.Change(at(20.4), "sec", WEB, true));
        links.add(new Lab.LinkChange(at(23), "pri", "eth0", true));
        addresses.add(new AddressWatch.Change(at(23.5), "sec", WEB, false));

        Verdicts verdicts = judge(Map.of(WEB, answers("pri"), DB, answers("sec")));

        assertEquals(1, count(verdicts, 1), verdicts.violations().toString());
        Violation twoHolders = verdicts.violations().get(0);
        assertEquals(pause, twoHolders.fault());
        assertTrue(twoHolders.details().contains("pri and sec for 500 ms"), twoHolders.details());
    }

    @Test
    void aSilenceLongerThanOneAndAHalfSecondIsFoundUnlessTheHoldersCableIsOut() {
        Fault cable = fault(FaultKind.PUBLIC, "pri eth0", 30, 34, 40);
        cable.unreachable.add(WEB);
        Fault kill = fault(FaultKind.KILL, "sec", 40, 41, 60);

        Verdicts verdicts = judge(Map.of(WEB, answers("pri", new double[] {30, 34.2}), DB, answers("sec", new double[] {41, 43})));

        assertEquals(1, count(verdicts, 2), verdicts.violations().toString());
        assertEquals(kill, verdicts.violations().get(0).fault());
        long fromHeal = verdicts.recovery(cable);
        assertTrue(fromHeal >= 190 && fromHeal <= 220, "recovery from the heal: " + fromHeal);
        assertTrue(verdicts.recovery(kill) >= 1990, "recovery " + verdicts.recovery(kill));
    }

    @Test
    void aPrimaryGivenItsGroupBackBehindAPulledPublicCableIsAViolation() {
        addresses.add(new AddressWatch.Change(at(-1), "sec", WEB, true));
        addresses.add(new AddressWatch.Change(at(-1), "sec", DB, true));
        Fault cable = fault(FaultKind.PUBLIC, "pri eth0", 10, 16, 20);
        links.add(new Lab.LinkChange(at(10), "pri", "eth0", false));
        addresses.add(new AddressWatch.Change(at(12), "sec", WEB, false));
        addresses.add(new AddressWatch.Change(at(12.01), "pri", WEB, true));
        links.add(new Lab.LinkChange(at(16), "pri", "eth0", true));

        Verdicts verdicts = judge(Map.of(WEB, answers("pri", new double[] {12, 16.1}), DB, answers("sec")));

        assertEquals(1, count(verdicts, 2), verdicts.violations().toString());
        assertEquals(cable, verdicts.violations().get(0).fault());
    }

    @Test
    void aTransitionalStateLongerThanItsTimeoutsIsFoundAndPausedTimeIsNotCounted() {
        episodes.add(new StatusWatch.Episode("sec", "web", "ACQUIRING", at(5), at(17), true));
        episodes.add(new StatusWatch.Episode("pri", "db", "TESTING", at(20), at(25), true));
        pauses.add(new Injector.Pause("pri", at(21), at(23)));

        Verdicts verdicts = judge(Map.of(WEB, answers("pri"), DB, answers("sec")));

        assertEquals(1, count(verdicts, 3), verdicts.violations().toString());
        assertEquals(12_000, verdicts.longestEpisode().get("ACQUIRING"));
        assertEquals(3_000, verdicts.longestEpisode().get("TESTING"));
    }

    @Test
    void anEventMailedTwiceAndOneNeverMailedAreFound() {
        String time = "2026-12-03 07:48:21.%03d Z";
        for (int i = 1; i <= 3; i++) {
            events.put(EventKey.ofSubject("pri|STATE_CHANGED|web|INIT|RECOVER|" + String.format(time, i)), 1);
        }
        mails.add("pri|STATE_CHANGED|web|INIT|RECOVER|" + String.format(time, 1));
        mails.add("pri|STATE_CHANGED|web|INIT|RECOVER|" + String.format(time, 2));
        mails.add("pri|STATE_CHANGED|web|INIT|RECOVER|" + String.format(time, 2));

        Verdicts verdicts = judge(Map.of(WEB, answers("pri"), DB, answers("sec")));

        assertEquals(2, count(verdicts, 4), verdicts.violations().toString());
        assertEquals(3, verdicts.eventsJudged());
        assertEquals(3, verdicts.mailsJudged());
    }
}
