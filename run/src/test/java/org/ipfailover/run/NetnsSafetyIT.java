package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Never two holders, never a silent outage: the lab at default timings (a beat every 100 ms, a dead
 * time of 400 ms) with a backup that cannot authenticate, a pair with 151 groups, a frozen primary,
 * forged beats, group files that disagree, and two nodes with one id.
 */
class NetnsSafetyIT extends LabSuite {
    /** Five dead times at the defaults: long enough for a wrong takeover to show. */
    static final Duration SEVERAL_DEAD_TIMES = Duration.ofMillis(2000);
    /** What must happen soon is awaited this long, so that a run against a node without the fix stays short. */
    static final Duration PROMPTLY = Duration.ofSeconds(8);
    static final String VIP = NetnsLab.VIP;
    static final Pattern DECIDING = Pattern.compile("\"deciding\"\\s*:\\s*(true|false)");
    static final Pattern ALARMS = Pattern.compile("\"alarms\"\\s*:\\s*\\[(.*?)]", Pattern.DOTALL);
    static final Pattern DROPPED = Pattern.compile("(\\w+)=(\\d+)");

    @Test
    void backupWhoseKeyFileOthersCanReadTakesNothingAndSaysItIsNotDeciding() throws Exception {
        lab = new NetnsLab(root, "", false);
        Files.setPosixFilePermissions(lab.home("sec").resolve("conf/ipfailover.key"), PosixFilePermissions.fromString("rw-r--r--"));
        AddressMonitor secMonitor = lab.monitor("sec");
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        Probe probe = lab.probe(VIP, Duration.ofMinutes(1));
        NodeProcess sec = lab.start("sec");
        sec.await("sec to know the group", SETTLE, () -> !"?".equals(lab.state("sec")));
        assertNoneWithin(SEVERAL_DEAD_TIMES, "sec added the VIP while pri is alive and holds it", () -> holding("sec", VIP));
        Condition condition = awaitCondition(sec, "sec to say it is not deciding", c -> Boolean.FALSE.equals(c.deciding()));
        assertTrue(condition.json().matches("(?s).*\"notDeciding\"\\s*:\\s*\"[^\"]*key file[^\"]*\".*"),
                "sec says why it does not decide, naming the key file: " + condition.json());

        long killed = nowMicros();
        lab.kill("pri"); // its beats stop; its kernel keeps the VIP and its echo service still answers
        assertNoneWithin(SEVERAL_DEAD_TIMES, "sec added the VIP after pri's beats stopped", () -> holding("sec", VIP));
        assertTrue(answeredBy(probe, "pri", killed + 1_000_000), "cli is still answered by pri");
        assertTrue(probe.answers().stream().noneMatch(a -> a.host().equals("sec")), "cli was never answered by sec");
        assertTrue(secMonitor.changes(VIP).isEmpty(), "the VIP was never on sec: " + secMonitor.changes(VIP));
        assertEquals(Boolean.FALSE, condition(sec).deciding(), "sec still says it is not deciding");
    }

    @Test
    void pairWith151GroupsKeepsThemAllOnThePrimary() throws Exception {
        lab = new NetnsLab(root, "", false);
        Set<String> vips = new TreeSet<>(Set.of(VIP));
        for (int host = 101; host <= 250; host++) {
            String vip = "198.51.100." + host;
            vips.add(vip);
            for (String node : List.of("pri", "sec")) {
                Files.writeString(lab.home(node).resolve("conf/org.ipfailover.group-svc" + host + ".cfg"),
                        "nodes = pri, sec\nvips = eth0:" + vip + "/24\n");
            }
        }
        assertEquals(151, vips.size());
        AddressMonitor secMonitor = lab.monitor("sec");
        long started = nowMicros();
        NodeProcess pri = lab.start("pri");
        pri.await("pri to hold the 151 VIPs", SETTLE.multipliedBy(2),
                () -> held("pri", vips).size() == vips.size());
        System.out.println("netns 151 groups: pri held all 151 VIPs " + (nowMicros() - started) / 1000 + " ms after its start");
        NodeProcess sec = lab.start("sec");
        sec.await("sec to know the 151 groups", SETTLE, () -> groupStates(sec).size() == vips.size());
        assertNoneWithin(SEVERAL_DEAD_TIMES, "sec added a VIP while pri holds them all", () -> !held("sec", vips).isEmpty());
        Map<String, String> secStates = groupStates(sec);
        long standby = secStates.values().stream().filter("STANDBY"::equals).count();
        assertEquals(vips.size(), standby, "sec's groups: " + secStates);
        assertEquals(vips.size(), held("pri", vips).size());
        List<String> addedOnSec = vips.stream().filter(v -> !changes(secMonitor, v).isEmpty()).toList();
        assertTrue(addedOnSec.isEmpty(), "sec added " + addedOnSec);
    }

    @Test
    void primaryFrozenForOneAndAHalfSecondsLeavesOneHolderThatTheClientReaches() throws Exception {
        lab = new NetnsLab(root, "", false);
        AddressMonitor priMonitor = lab.monitor("pri");
        AddressMonitor secMonitor = lab.monitor("sec");
        startPrimaryThenBackup();
        Probe probe = lab.probe(VIP, Duration.ofMinutes(1));
        NodeProcess pri = lab.node("pri");
        NodeProcess sec = lab.node("sec");
        pri.await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", 0));

        long frozen = nowMicros();
        pri.signal("STOP");
        try {
            TimeUnit.MILLISECONDS.sleep(1500); // the freeze itself: its length is the scenario
        } finally {
            pri.signal("CONT");
        }
        long resumed = nowMicros();
        sec.await("one holder after the resume", PROMPTLY, () -> holders(VIP) == 1);
        String holder = holding("pri", VIP) ? "pri" : "sec";
        sec.await("cli to be answered by " + holder + " after the resume", PROMPTLY, () -> answeredBy(probe, holder, resumed));
        long reached = probe.firstFrom(holder, resumed).micros();
        assertNoneWithin(SEVERAL_DEAD_TIMES, "the holder changed or a second one appeared",
                () -> holders(VIP) != 1 || !holding(holder, VIP));
        long end = nowMicros();

        List<long[]> overlaps = overlaps(VIP, priMonitor, secMonitor, end);
        long secAdded = changes(secMonitor, VIP).stream().filter(AddressMonitor.Change::added).mapToLong(AddressMonitor.Change::micros)
                .filter(t -> t > frozen).findFirst().orElse(-1);
        long lastOverlapEnd = overlaps.isEmpty() ? resumed : overlaps.get(overlaps.size() - 1)[1];
        System.out.println("netns primary frozen 1.5 s: sec " + (secAdded < 0 ? "did not add the VIP" : "added the VIP "
                + (secAdded - frozen) / 1000 + " ms into the freeze") + "; two holders " + describe(overlaps, resumed)
                + "; one holder (" + holder + ") " + (lastOverlapEnd - resumed) / 1000 + " ms after the resume; cli answered by "
                + holder + " " + (reached - resumed) / 1000 + " ms after the resume");
        assertTrue(overlaps.stream().noneMatch(o -> o[0] > resumed), "a second holder appeared after the resume: "
                + describe(overlaps, resumed));
        assertTrue(lastOverlapEnd - resumed <= 1_500_000, "two holders until " + (lastOverlapEnd - resumed) / 1000
                + " ms after the resume");
        assertTrue(reached - resumed <= 1_500_000, "cli reached " + holder + " only " + (reached - resumed) / 1000
                + " ms after the resume");
        assertTrue(answeredBy(probe, holder, end - 500_000), "cli is still answered by " + holder);
    }

    @Test
    void forgedBeatsClaimingThePrimaryDoNotDelayTheTakeover() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = 500\n", false);
        startPrimaryThenBackup();
        Probe probe = lab.probe(VIP, Duration.ofMinutes(2));
        NodeProcess sec = lab.node("sec");
        lab.node("pri").await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", 0));
        long normal = crashAndAwaitSec(probe, SETTLE);
        System.out.println("netns failover after a crash without forged beats (ms, fault -> first answer from sec): " + normal);

        primaryBack(probe);
        long droppedBefore = dropped(sec);
        try (ForgedBeats forger = ForgedBeats.start(lab, root, "198.51.100.255", "pri", 20, Duration.ofMinutes(2))) {
            try {
                sec.await("forged beats to reach sec", PROMPTLY, () -> forger.sending() && dropped(sec) >= droppedBefore + 10);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the forger says: " + forger.output(), e);
            }
            long forged = crashAndAwaitSec(probe, PROMPTLY);
            System.out.println("netns failover after a crash with forged beats claiming pri every 20 ms (ms): " + forged);
            assertTrue(forged <= normal + 500 && forged <= 2000, "with forged beats the failover took " + forged + " ms, without "
                    + normal + " ms");
            sec.await("an ALARM in sec's history", PROMPTLY, () -> alarmed(sec, null));
        }
    }

    @Test
    void groupFilesThatDisagreeAreReportedAndStillFailOver() throws Exception {
        lab = new NetnsLab(root, "", false);
        String dbVip = "198.51.100.12";
        // sec's copy of web has one address more; its copy of db names the nodes in the other order
        writeGroup("sec", "web", "nodes = pri, sec\nvips = eth0:" + VIP + "/24, eth0:198.51.100.11/24\n");
        writeGroup("pri", "db", "nodes = pri, sec\nvips = eth0:" + dbVip + "/24\n");
        writeGroup("sec", "db", "nodes = sec, pri\nvips = eth0:" + dbVip + "/24\n");
        AddressMonitor priMonitor = lab.monitor("pri");
        AddressMonitor secMonitor = lab.monitor("sec");
        NodeProcess pri = lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        pri.await("pri to hold db", SETTLE, () -> holding("pri", dbVip));
        Probe probe = lab.probe(VIP, Duration.ofMinutes(1));
        NodeProcess sec = lab.start("sec");
        lab.awaitState("sec", "STANDBY", SETTLE);
        // the alarms are asserted last, so that a run without them still shows whether the failover works
        boolean reported = eventually(PROMPTLY, () -> alarmed(sec, "web") && alarmed(sec, "db") && alarmed(pri, "web")
                && alarmed(pri, "db"));
        String priAlarms = "pri: web " + alarmed(pri, "web") + ", db " + alarmed(pri, "db");
        long crashed = nowMicros();
        for (String vip : List.of(VIP, dbVip)) {
            assertTrue(overlaps(vip, priMonitor, secMonitor, crashed).isEmpty(), vip + " was on both hosts at once: "
                    + describe(overlaps(vip, priMonitor, secMonitor, crashed), crashed));
        }
        lab.crash("pri");
        sec.await("cli to be answered by sec", SETTLE, () -> answeredBy(probe, "sec", crashed));
        sec.await("sec to hold web's and db's addresses", SETTLE, () -> holding("sec", VIP) && holding("sec", dbVip));
        System.out.println("netns group files that disagree: failover after a crash (ms, fault -> first answer from sec): "
                + (probe.firstFrom("sec", crashed).micros() - crashed) / 1000);
        assertTrue(reported, "an ALARM naming each group in both histories; " + priAlarms + "; sec: web " + alarmed(sec, "web")
                + ", db " + alarmed(sec, "db"));
    }

    @Test
    void twoNodesWithOneIdAreAnAlarmOnBothAndTheGroupHasOneHolder() throws Exception {
        lab = new NetnsLab(root, "", false);
        Files.writeString(lab.home("sec").resolve("conf/org.ipfailover.node.cfg"),
                "id = pri\nnetworks = public=198.51.100.255; private=203.0.113.255\n");
        AddressMonitor priMonitor = lab.monitor("pri");
        AddressMonitor secMonitor = lab.monitor("sec");
        NodeProcess pri = lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        NodeProcess twin = lab.start("sec");
        long started = nowMicros();
        twin.await("sec's node to know the group", SETTLE, () -> !"?".equals(lab.state("sec")));
        assertNoneWithin(SEVERAL_DEAD_TIMES, "both hosts hold the VIP", () -> holders(VIP) > 1);
        for (NodeProcess node : List.of(pri, twin)) {
            node.await("an ALARM in " + node.home.getFileName() + "'s history", PROMPTLY, () -> alarmed(node, null));
        }
        long end = nowMicros();
        List<long[]> overlaps = overlaps(VIP, priMonitor, secMonitor, end);
        System.out.println("netns two nodes with one id: alarms on both within " + (end - started) / 1000 + " ms; two holders "
                + describe(overlaps, started));
        assertTrue(overlaps.isEmpty(), "the VIP was on both hosts: " + describe(overlaps, started));
        assertEquals(1, holders(VIP), "one host holds the VIP");
    }

    /** Crashes pri and returns the milliseconds until cli is first answered by sec. */
    private long crashAndAwaitSec(Probe probe, Duration timeout) throws Exception {
        long crashed = nowMicros();
        lab.crash("pri");
        lab.node("sec").await("cli to be answered by sec", timeout, () -> answeredBy(probe, "sec", crashed));
        return (probe.firstFrom("sec", crashed).micros() - crashed) / 1000;
    }

    private void writeGroup(String node, String group, String content) throws IOException {
        Files.writeString(lab.home(node).resolve("conf/org.ipfailover.group-" + group + ".cfg"), content);
    }

    private boolean holding(String host, String address) {
        try {
            return lab.holds(host, address);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int holders(String address) {
        return (holding("pri", address) ? 1 : 0) + (holding("sec", address) ? 1 : 0);
    }

    /** @return which of the addresses the host's eth0 has */
    private List<String> held(String host, Set<String> addresses) {
        try {
            Process show = new ProcessBuilder("ip", "-n", lab.namespace(host), "-o", "-4", "addr", "show", "dev", "eth0").start();
            String out = new String(show.getInputStream().readAllBytes());
            show.waitFor();
            return addresses.stream().filter(a -> out.contains(" " + a + "/")).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > timeout.toNanos()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** @return group name to state, from the first table of {@code failover:status} */
    private static Map<String, String> groupStates(NodeProcess node) {
        Map<String, String> states = new LinkedHashMap<>();
        boolean groups = false;
        for (String line : out(node, "failover:status").lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (line.startsWith("GROUP ")) {
                groups = true;
            } else if (line.isBlank()) {
                groups = false;
            } else if (groups && cells.length > 1) {
                states.put(cells[0], cells[1]);
            }
        }
        return states;
    }

    /** The sum of the heartbeat's "dropped" counters other than a node's own beats coming back. */
    private static long dropped(NodeProcess node) {
        long sum = 0;
        for (String line : out(node, "failover:status").lines().toList()) {
            if (line.startsWith("dropped")) {
                Matcher counter = DROPPED.matcher(line);
                while (counter.find()) {
                    sum += counter.group(1).equals("own") ? 0 : Long.parseLong(counter.group(2));
                }
            }
        }
        return sum;
    }

    /**
     * What a node says of itself in {@code failover:status --json}: whether it takes part in the
     * decisions and its alarms. Read loosely, by pattern, so that the layout can still change.
     *
     * @param deciding null when the status does not say
     */
    record Condition(Boolean deciding, String alarms, String json) {
    }

    private static Condition condition(NodeProcess node) {
        String json;
        try {
            NodeProcess.Result result = node.ctl("failover:status", "--json");
            json = result.out() + result.err();
        } catch (IOException e) {
            json = e.toString();
        }
        Matcher deciding = DECIDING.matcher(json);
        Matcher alarms = ALARMS.matcher(json);
        return new Condition(deciding.find() ? Boolean.valueOf(deciding.group(1)) : null, alarms.find() ? alarms.group(1).strip() : "",
                json);
    }

    private static Condition awaitCondition(NodeProcess node, String what, Predicate<Condition> test)
            throws InterruptedException {
        Condition[] last = new Condition[1];
        try {
            node.await(what, PROMPTLY, () -> test.test(last[0] = condition(node)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the status says: " + (last[0] == null ? "-" : last[0].json()), e);
        }
        return last[0];
    }

    /** One row of {@code failover:history}: its event type and the group or peer it concerns. */
    record Event(String type, String subject, String line) {
    }

    private static List<Event> history(NodeProcess node) {
        List<Event> events = new ArrayList<>();
        for (String line : out(node, "failover:history", "1000").lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 4 && cells[0].matches("\\d{4}-\\d\\d-\\d\\d")) {
                events.add(new Event(cells[2], cells[3], line));
            }
        }
        return events;
    }

    /** @param about a group the alarm must name (as its group, or in its reason), or null for any alarm */
    private static boolean alarmed(NodeProcess node, String about) {
        Pattern named = about == null ? null : Pattern.compile("\\b" + Pattern.quote(about) + "\\b");
        return history(node).stream().anyMatch(e -> e.type().equals("ALARM")
                && (named == null || e.subject().equals(about) || named.matcher(e.line()).find()));
    }

    /**
     * @return the intervals, in epoch microseconds, in which both hosts had the address, from the
     *         monitors started before either node, up to the given time
     */
    private static List<long[]> overlaps(String address, AddressMonitor a, AddressMonitor b, long untilMicros) throws IOException {
        record Step(long micros, int host, boolean added) {
        }
        List<Step> steps = new ArrayList<>();
        changes(a, address).forEach(c -> steps.add(new Step(c.micros(), 0, c.added())));
        changes(b, address).forEach(c -> steps.add(new Step(c.micros(), 1, c.added())));
        steps.sort(Comparator.comparingLong(Step::micros));
        boolean[] holds = new boolean[2];
        List<long[]> overlaps = new ArrayList<>();
        long since = -1;
        for (Step step : steps) {
            if (step.micros() > untilMicros) {
                break;
            }
            holds[step.host()] = step.added();
            if (holds[0] && holds[1] && since < 0) {
                since = step.micros();
            } else if (!(holds[0] && holds[1]) && since >= 0) {
                overlaps.add(new long[] {since, step.micros()});
                since = -1;
            }
        }
        if (since >= 0) {
            overlaps.add(new long[] {since, untilMicros});
        }
        return overlaps;
    }

    private static List<AddressMonitor.Change> changes(AddressMonitor monitor, String address) {
        try {
            return monitor.changes(address);
        } catch (IOException e) {
            throw new AssertionError("cannot read the address monitor: " + e.getMessage(), e);
        }
    }

    /** @return the overlaps as "[from, to] ms relative to the reference" */
    private static String describe(List<long[]> overlaps, long referenceMicros) {
        if (overlaps.isEmpty()) {
            return "never";
        }
        long total = overlaps.stream().mapToLong(o -> o[1] - o[0]).sum() / 1000;
        return total + " ms in all: " + overlaps.stream().map(o -> "[" + (o[0] - referenceMicros) / 1000 + ", "
                + (o[1] - referenceMicros) / 1000 + "]").toList() + " ms from the reference";
    }
}
