package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Health tracking end to end: real nodes in network namespaces whose group is guarded by service
 * checks (script, TCP, HTTP, configured in conf/ as an operator does) and by the links of its
 * interfaces (the netlink backend's link watch); the lab's HTTP service behind the checks, a
 * client asking the VIP who answers, and the address monitors of both hosts from before the nodes
 * start, so that every move is counted and the address is never seen on both.
 */
class NetnsHealthIT extends LabSuite {
    private static final String HTTP_URL = "url = http://127.0.0.1:" + NetnsLab.HTTP_PORT + "/\n";
    private static final int CHECK_INTERVAL = 250;
    private static final int FALL = 2;
    private static final int FAILBACK_DELAY = 1000;
    private static final List<String> SLEEP = List.of("/bin/sleep", "1000000");

    @Test
    void publicCableOutOnTheHolderMovesTheGroupAndTheFailbackDelayBringsItBack() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = " + FAILBACK_DELAY + "\n", false);
        HolderWatch holders = new HolderWatch(lab);
        startPrimaryThenBackup();
        Probe probe = answeredByPri();

        long pulled = nowMicros();
        lab.cable("pri", "eth0", false);
        long failover = awaitAnswerFrom(probe, "sec", pulled);
        lab.awaitState("sec", "UP", SETTLE);
        assertFalse(lab.holds("pri", NetnsLab.VIP), "pri released the address behind its pulled cable");
        assertTrue(logged("pri", "HEALTH_FAILED group web", "link:eth0"), "pri said why: " + events("pri"));

        long back = nowMicros();
        lab.cable("pri", "eth0", true);
        long handback = awaitHandBack(probe, back);
        long secReleased = holders.first("sec", false, back);
        assertTrue(secReleased - back >= FAILBACK_DELAY * 1000L,
                "sec released " + (secReleased - back) / 1000 + " ms after the cable was back, before the failback delay");
        assertEquals(0, holders.bothMicros(), "the address was on both hosts: " + holders.changes());
        System.out.println("netns health, public cable out on the holder: failover " + failover + " ms; hand-back gap " + handback
                + " ms, " + (secReleased - back) / 1000 + " ms after the cable was back (failbackDelay " + FAILBACK_DELAY + ")");
    }

    @Test
    void serviceKilledOnThePrimaryMovesTheGroupWithinFallIntervalsAndItComesBack() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = " + FAILBACK_DELAY + "\n", false);
        Process service = lab.startHttp("pri");
        lab.writeConf("pri", "org.ipfailover.check.http-web.cfg", "groups = web\n" + HTTP_URL + "interval = " + CHECK_INTERVAL
                + "\ntimeout = 500\nfall = " + FALL + "\nrise = 2\n");
        HolderWatch holders = new HolderWatch(lab);
        startPrimaryThenBackup();
        Probe probe = answeredByPri();

        long killed = nowMicros();
        service.destroyForcibly();
        long failover = awaitAnswerFrom(probe, "sec", killed);
        long bound = FALL * CHECK_INTERVAL + 1000;
        assertTrue(failover <= bound, "failover " + failover + " ms after the service was killed, more than fall x interval + 1 s = " + bound);
        assertTrue(logged("pri", "HEALTH_FAILED group web", "http-web"), "pri said why: " + events("pri"));

        long restarted = nowMicros();
        lab.startHttp("pri");
        long handback = awaitHandBack(probe, restarted);
        assertTrue(logged("pri", "HEALTH_RECOVERED group web", "http-web"), events("pri").toString());
        assertTrue(holders.first("sec", false, restarted) - restarted >= FAILBACK_DELAY * 1000L, "sec handed back before the failback delay");
        assertEquals(0, holders.bothMicros(), "the address was on both hosts: " + holders.changes());
        System.out.println("netns health, HTTP service killed on the holder (check every " + CHECK_INTERVAL + " ms, fall " + FALL
                + "): failover " + failover + " ms (bound " + bound + "); hand-back gap " + handback + " ms");
    }

    @Test
    void withNoHealthyNodeTheAddressStaysWhereItIsUntilOneIsHealthyAgain() throws Exception {
        lab = new NetnsLab(root, "", false);
        Process priService = lab.startHttp("pri");
        Process secService = lab.startHttp("sec");
        for (String node : List.of("pri", "sec")) {
            lab.writeConf(node, "org.ipfailover.check.tcp-web.cfg", "groups = web\nport = " + NetnsLab.HTTP_PORT + "\ninterval = 200\n");
        }
        HolderWatch holders = new HolderWatch(lab);
        startPrimaryThenBackup();
        Probe probe = answeredByPri();

        secService.destroyForcibly();
        NodeProcess pri = lab.node("pri");
        pri.await("pri to see sec not eligible", SETTLE, () -> out(pri, "failover:peers").contains("web:STANDBY(not eligible)"));
        long bothDown = nowMicros();
        priService.destroyForcibly();
        pri.await("pri to say it keeps the group", SETTLE, () -> logged("pri", "no healthy node can take it: keeping it"));
        Thread.sleep(2000); // a window to watch nothing happen: a pair that flapped would move the address in it
        long watched = nowMicros();
        assertEquals("UP", lab.state("pri"));
        assertEquals("STANDBY", lab.state("sec"));
        assertEquals(List.of(), holders.after(bothDown), "the address moved while no node was healthy");
        assertTrue(probe.answers().stream().filter(a -> a.micros() > bothDown).allMatch(a -> a.host().equals("pri")), "cli answered by pri only");
        long silence = probe.longestSilence(bothDown, watched) / 1000;
        assertTrue(silence < 1000, "cli heard nothing for " + silence + " ms while the unhealthy pri kept the address");

        long secBack = nowMicros();
        lab.startHttp("sec");
        long failover = awaitAnswerFrom(probe, "sec", secBack);
        lab.awaitState("sec", "UP", SETTLE);
        assertEquals(0, holders.bothMicros(), "the address was on both hosts: " + holders.changes());
        System.out.println("netns health, no healthy node: the address stayed on pri for " + (watched - bothDown) / 1000
                + " ms without a move; handed to sec " + failover + " ms after its service was back");
    }

    @Test
    void aServiceFlappingEvery300MsMovesTheGroupAtMostTwice() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = " + FAILBACK_DELAY + "\n", false);
        lab.startHttp("pri");
        lab.writeConf("pri", "org.ipfailover.check.http-web.cfg", "groups = web\n" + HTTP_URL + "interval = 100\ntimeout = 500\n");
        HolderWatch holders = new HolderWatch(lab);
        startPrimaryThenBackup();
        Probe probe = answeredByPri();

        long start = nowMicros();
        Path failing = lab.failingFile("pri");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (Files.exists(failing)) {
                Files.delete(failing);
            } else {
                Files.writeString(failing, "flapping\n");
            }
            Thread.sleep(300);
        }
        Files.deleteIfExists(failing);
        long steady = nowMicros();
        awaitHandBack(probe, steady);
        long failures = events("pri").stream().filter(l -> l.contains("HEALTH_FAILED group web")).count();
        long moves = holders.additionsAfter(start);
        System.out.println("netns health, service flapping every 300 ms for 10 s: " + failures + " HEALTH_FAILED on pri, " + moves
                + " moves of the address");
        assertTrue(failures >= 5, "the check did not flap: " + failures + " failures");
        assertTrue(moves <= 2, moves + " moves: " + holders.after(start));
        assertEquals(0, holders.bothMicros(), "the address was on both hosts: " + holders.changes());
    }

    @Test
    void aCheckScriptThatNeverEndsFailsAtItsTimeoutAndLeavesNoProcessBehind() throws Exception {
        lab = new NetnsLab(root, "", false);
        startPrimaryThenBackup();
        NodeProcess pri = lab.node("pri");
        String check = "org.ipfailover.check.script-hang.cfg";
        lab.writeConf("pri", check, "groups = web\ncommand = " + String.join(" ", SLEEP) + "\ninterval = 500\ntimeout = 300\n");
        pri.await("the hanging check to fail", SETTLE, () -> logged("pri", "HEALTH_FAILED group web", "script-hang", "timed out after 300 ms"));
        lab.awaitState("sec", "UP", SETTLE);

        Set<Long> seen = new HashSet<>();
        int mostAtOnce = 0;
        long watchEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < watchEnd) {
            Set<Long> now = Processes.inNamespace(lab.namespace("pri"), SLEEP);
            seen.addAll(now);
            mostAtOnce = Math.max(mostAtOnce, now.size());
            Thread.sleep(20);
        }
        String health = out(pri, "failover:health", "web");
        int probing = Processes.threadsIn(pri, "ScriptProbe.probe");
        System.out.println("netns health, a check that never ends: " + seen.size() + " runs in 3 s, at most " + mostAtOnce
                + " at once, " + probing + " thread in a run");
        assertTrue(health.lines().anyMatch(l -> l.contains("script-hang") && l.contains("UNHEALTHY") && l.contains("timed out after 300 ms")),
                health);
        assertFalse(events("pri").stream().anyMatch(l -> l.contains("has not returned")), "a run was still stuck at the next interval");
        assertTrue(seen.size() >= 3, "each run is killed at its timeout and the next one starts: " + seen.size() + " runs in 3 s");
        assertTrue(mostAtOnce <= 1, mostAtOnce + " sleeps at once: a timed-out run was left running");
        assertTrue(probing <= 1, probing + " threads in a script run");

        Files.delete(lab.home("pri").resolve("conf").resolve(check));
        pri.await("the check gone, no sleep left, no thread in a script run", SETTLE,
                () -> !out(pri, "failover:health", "web").contains("script-hang") && Processes.noneInNamespace(lab.namespace("pri"), SLEEP)
                        && seen.stream().noneMatch(pid -> Files.exists(Path.of("/proc", pid.toString())))
                        && Processes.threadsInOrMinusOne(pri, "ScriptProbe.probe") == 0);
    }

    @Test
    void aTrackedUplinkGoingDownHandsTheGroupOver() throws Exception {
        lab = new NetnsLab(root, "trackInterfaces = uplink0\nfailbackDelay = " + FAILBACK_DELAY + "\n", false);
        for (String host : List.of("pri", "sec")) {
            lab.addUplink(host, "uplink0");
        }
        HolderWatch holders = new HolderWatch(lab);
        startPrimaryThenBackup();
        Probe probe = answeredByPri();

        long down = nowMicros();
        lab.uplink("pri", "uplink0", false);
        long failover = awaitAnswerFrom(probe, "sec", down);
        lab.awaitState("sec", "UP", SETTLE);
        assertFalse(lab.holds("pri", NetnsLab.VIP));
        assertTrue(logged("pri", "HEALTH_FAILED group web", "link:uplink0"), events("pri").toString());

        long up = nowMicros();
        lab.uplink("pri", "uplink0", true);
        long handback = awaitHandBack(probe, up);
        assertEquals(0, holders.bothMicros(), "the address was on both hosts: " + holders.changes());
        System.out.println("netns health, tracked uplink down on the holder: failover " + failover + " ms; hand-back gap " + handback + " ms");
    }

    // ---- helpers

    private Probe answeredByPri() throws Exception {
        Probe probe = lab.probe(NetnsLab.VIP, Duration.ofMinutes(2));
        lab.node("pri").await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", nowMicros() - 300_000));
        return probe;
    }

    /** @return ms from the fault to the first answer from the host */
    private long awaitAnswerFrom(Probe probe, String host, long faultMicros) throws Exception {
        lab.node(host).await("cli to be answered by " + host, SETTLE, () -> answeredBy(probe, host, faultMicros));
        return (probe.firstFrom(host, faultMicros).micros() - faultMicros) / 1000;
    }

    /** Waits until pri holds the group again and answers; @return the longest silence cli heard meanwhile, ms */
    private long awaitHandBack(Probe probe, long repairedMicros) throws Exception {
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        long answered = awaitAnswerFrom(probe, "pri", repairedMicros) * 1000 + repairedMicros;
        return probe.longestSilence(repairedMicros, answered) / 1000;
    }

    /** @return the node's event lines (org.ipfailover.events and the detector's), from its log */
    private List<String> events(String node) throws IOException {
        return lab.node(node).logLines().stream().filter(l -> l.contains("org.ipfailover")).toList();
    }

    private boolean logged(String node, String... parts) {
        try {
            return lab.node(node).logLines().stream().anyMatch(l -> List.of(parts).stream().allMatch(l::contains));
        } catch (IOException e) {
            return false;
        }
    }
}
