package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What replacing the node jar costs, i.e. restarting the primary's node while it holds the group
 * (docs/running.md, "Upgrading"): a clean restart (SIGTERM, as systemd and launchd stop it) and a
 * kill and start, with the backup alive and with the backup down.
 */
class NodeRestartIT extends LabSuite {
    @Test
    void cleanRestartHandsTheGroupToThePeerAndTakesItBack() throws Exception {
        Probe probe = startPair();
        AddressMonitor secMonitor = lab.monitor("sec");
        long stopped = HotSwapRig.nowMicros();
        assertEquals(0, lab.node("pri").terminate(), "SIGTERM: a clean stop exits 0");
        lab.node("sec").await("cli to be answered by sec", SETTLE, () -> answeredBy(probe, "sec", stopped));
        long away = (probe.firstFrom("sec", stopped).micros() - stopped) / 1000;
        long failoverSilence = probe.longestSilence(stopped, probe.firstFrom("sec", stopped).micros()) / 1000;
        assertFalse(lab.holds("pri", NetnsLab.VIP), "the stopped node released the address");

        long restarted = HotSwapRig.nowMicros();
        lab.start("pri");
        // a stopped primary is journaled as wanting its group back, not as yielded: the hand-back follows by itself
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        lab.node("pri").await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", restarted));
        Thread.sleep(500);
        long back = HotSwapRig.nowMicros();
        long handbackSilence = probe.longestSilence(restarted, back) / 1000;
        long secAdded = secMonitor.changes(NetnsLab.VIP).stream().filter(AddressMonitor.Change::added).count();
        System.out.printf("node restart, clean (SIGTERM): stop -> sec answers %d ms (longest silence %d ms); "
                + "start -> pri answers again %d ms (longest silence %d ms); the group moved %d time(s) to sec%n", away,
                failoverSilence, (probe.firstFrom("pri", restarted).micros() - restarted) / 1000, handbackSilence, secAdded);
        assertEquals(1, secAdded);
        assertTrue(failoverSilence < 1000 && handbackSilence < 1000, failoverSilence + " ms, " + handbackSilence + " ms");
    }

    @Test
    void killAndStartWithTheBackupAliveCostsAFailoverAndAHandBack() throws Exception {
        Probe probe = startPair();
        AddressMonitor priMonitor = lab.monitor("pri");
        AddressMonitor secMonitor = lab.monitor("sec");
        long killed = HotSwapRig.nowMicros();
        lab.kill("pri");
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        Thread.sleep(500);
        long now = HotSwapRig.nowMicros();
        assertTrue(lab.holds("pri", NetnsLab.VIP) && !lab.holds("sec", NetnsLab.VIP), "one holder again: pri");
        List<String> hosts = probe.answers().stream().filter(a -> a.micros() > killed).map(Probe.Answer::host).distinct().toList();
        System.out.printf("node restart, kill and start with sec alive: %d ms until pri was UP again; longest silence %d ms; "
                + "answered by %s; VIP deleted on pri %d time(s), added on sec %d time(s)%n", (now - 500_000 - killed) / 1000,
                probe.longestSilence(killed, now) / 1000, hosts,
                priMonitor.changes(NetnsLab.VIP).stream().filter(c -> !c.added()).count(),
                secMonitor.changes(NetnsLab.VIP).stream().filter(AddressMonitor.Change::added).count());
    }

    @Test
    void killAndStartWithTheBackupDownResumesFromTheJournal() throws Exception {
        Probe probe = startPair();
        assertEquals(0, lab.node("sec").terminate());
        lab.kill("sec");
        AddressMonitor priMonitor = lab.monitor("pri");
        Thread.sleep(1000);
        long killed = HotSwapRig.nowMicros();
        lab.kill("pri");
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        Thread.sleep(500);
        long now = HotSwapRig.nowMicros();
        long silence = probe.longestSilence(killed, now) / 1000;
        System.out.printf("node restart, kill and start with sec down: %d ms until pri was UP again; longest silence %d ms%n",
                (now - 500_000 - killed) / 1000, silence);
        assertTrue(priMonitor.changes(NetnsLab.VIP).isEmpty(), "the address stayed: " + priMonitor.changes(NetnsLab.VIP));
        assertTrue(lab.node("pri").ctl("failover:history").out().contains("resumed holding the group"));
        // the address never moved (above); a silence here is the host stalling while a JVM starts on 2 busy cores
        assertTrue(silence < 1000, "cli saw a silence of " + silence + " ms");
    }

    private Probe startPair() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = 500\n", false);
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        lab.start("sec");
        lab.awaitState("sec", "STANDBY", SETTLE);
        Probe probe = lab.probe(NetnsLab.VIP, Duration.ofMinutes(2));
        lab.node("pri").await("cli to be answered by pri", SETTLE, () -> answeredBy(probe, "pri", 0));
        return probe;
    }
}
