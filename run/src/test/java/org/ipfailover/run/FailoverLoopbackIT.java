package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two complete nodes from the exported jar exchanging real authenticated UDP beats over loopback,
 * with a backend that records instead of configuring interfaces (real backends are tested in the
 * network-namespace suite).
 */
class FailoverLoopbackIT {
    static final Duration SETTLE = Duration.ofSeconds(20);

    @TempDir
    Path root;

    LoopbackPair pair;

    @AfterEach
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void backupTakesOverAndHandsBackWithoutEverHoldingTogether() throws Exception {
        pair = new LoopbackPair(root, "failbackDelay = 500\nretryDelay = 1000\n");
        startPrimaryThenBackup();
        List<Long> takeovers = new ArrayList<>();
        List<Long> handbacks = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            long killed = nowMicros();
            pair.crash("pri");
            pair.awaitState("sec", "UP", SETTLE);
            takeovers.add((pair.first("sec", "acquire", killed) - killed) / 1000);

            long restarted = nowMicros();
            pair.start("pri");
            pair.awaitState("pri", "UP", SETTLE);
            pair.awaitState("sec", "STANDBY", SETTLE);
            handbacks.add((pair.first("pri", "acquire", restarted) - pair.first("sec", "release", restarted)) / 1000);
        }
        assertNeverBothHeld();
        System.out.println("loopback takeover after SIGKILL of the primary (ms): " + summary(takeovers));
        System.out.println("loopback hand-back gap, backup release -> primary acquire (ms): " + summary(handbacks));
        assertTrue(Collections.max(takeovers) < 1500, "takeover times " + takeovers);
        String history = pair.node("sec").ctl("failover:history").out();
        assertTrue(history.contains("TAKEOVER") && history.contains("PEER_LOST") && history.contains("RELEASE"), history);
    }

    @Test
    void statusShowsThePairAndOneSilentNetworkIsAnAnomalyNotATakeover() throws Exception {
        pair = new LoopbackPair(root, "");
        startPrimaryThenBackup();
        String status = ctlOut(pair.node("sec"), "failover:status");
        assertTrue(status.contains("node sec") && status.contains("auth hmac"), status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("web") && l.contains("STANDBY") && l.contains("pri")), status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("pri") && l.contains("yes") && l.contains("web:UP")), status);
        assertTrue(status.contains("accepted") && status.contains("public="), status);

        pair.writeNodeConfig("pri", "sec", "127.0.0.99");
        NodeProcess sec = pair.node("sec");
        sec.await("the anomaly", SETTLE, () -> ctlOut(sec, "failover:history").contains("ANOMALY "));
        String peers = ctlOut(sec, "failover:peers");
        assertTrue(peers.lines().anyMatch(l -> l.startsWith("pri") && l.contains("YES")), peers);
        Thread.sleep(1000);
        assertEquals("STANDBY", pair.state("sec"));
        assertEquals("UP", pair.state("pri"));
        assertTrue(pair.first("sec", "acquire", 0) < 0, "the backup never acquired");

        pair.writeNodeConfig("pri", "sec", null);
        sec.await("the anomaly to clear", SETTLE, () -> ctlOut(sec, "failover:history").contains("ANOMALY_CLEARED"));
        assertEquals("STANDBY", pair.state("sec"));
    }

    @Test
    void manualFailbackWaitsForTheOperator() throws Exception {
        pair = new LoopbackPair(root, "failback = manual\nfailbackDelay = 200\n");
        startPrimaryThenBackup();
        pair.crash("pri");
        pair.awaitState("sec", "UP", SETTLE);
        pair.start("pri");
        pair.awaitState("pri", "RECOVER", SETTLE);
        Thread.sleep(1000); // five times the failback delay
        assertEquals("UP", pair.state("sec"));
        assertEquals("RECOVER", pair.state("pri"));

        NodeProcess.Result release = pair.node("sec").ctl("failover:release", "web");
        assertEquals(0, release.status(), release.err());
        pair.awaitState("pri", "UP", SETTLE);
        assertEquals("STANDBY", pair.state("sec"));
        assertNeverBothHeld();
    }

    @Test
    void aTestVetoStopsTheTakeoverUntilItIsLifted() throws Exception {
        pair = new LoopbackPair(root, "retryDelay = 500\n");
        startPrimaryThenBackup();
        Path veto = pair.home("sec").resolve("var/veto");
        Files.writeString(veto, "shared storage not reachable\n");
        pair.kill("pri");
        NodeProcess sec = pair.node("sec");
        sec.await("the veto", SETTLE, () -> ctlOut(sec, "failover:history").contains("TEST_VETO"));
        assertTrue(ctlOut(sec, "failover:history").contains("shared storage not reachable"));
        assertTrue(pair.first("sec", "acquire", 0) < 0, "no address was added while vetoed");
        Files.delete(veto);
        pair.awaitState("sec", "UP", SETTLE);
    }

    @Test
    void aBackupKilledAndRestartedWhileHoldingKeepsTheGroup() throws Exception {
        pair = new LoopbackPair(root, "");
        startPrimaryThenBackup();
        pair.kill("pri");
        pair.awaitState("sec", "UP", SETTLE);
        long before = nowMicros();
        pair.kill("sec");
        pair.start("sec");
        pair.awaitState("sec", "UP", SETTLE);
        assertTrue(pair.first("sec", "release", before) < 0, "the restarted backup never released the group");
        assertTrue(ctlOut(pair.node("sec"), "failover:history").contains("resumed holding the group"));
    }

    @Test
    void aPrimaryKilledWithItsAddressesLeftReleasesThemBeforeAskingForTheGroup() throws Exception {
        pair = new LoopbackPair(root, "failbackDelay = 500\n");
        startPrimaryThenBackup();
        pair.kill("pri");
        pair.awaitState("sec", "UP", SETTLE);
        long restarted = nowMicros();
        pair.start("pri");
        pair.awaitState("pri", "UP", SETTLE);
        long staleRemoved = pair.first("pri", "release", restarted);
        long secReleased = pair.first("sec", "release", restarted);
        long priAcquired = pair.first("pri", "acquire", restarted);
        assertTrue(staleRemoved > 0 && staleRemoved < secReleased && secReleased < priAcquired,
                "stale release " + staleRemoved + ", backup release " + secReleased + ", primary acquire " + priAcquired);
    }

    @Test
    void mutualBackupAndACleanStopThatHandsTheGroupsOver() throws Exception {
        pair = new LoopbackPair(root, "failbackDelay = 300\n");
        for (String node : List.of("pri", "sec")) {
            Files.writeString(pair.home(node).resolve("conf/org.ipfailover.group-db.cfg"),
                    "nodes = sec, pri\nvips = eth1:203.0.113.20/24\nfailbackDelay = 300\n");
        }
        startPrimaryThenBackup();
        pair.node("sec").await("sec to hold db", SETTLE, () -> "UP".equals(pair.node("sec").groupState("db")));
        assertEquals("STANDBY", pair.node("pri").groupState("db"));

        long stopped = nowMicros();
        assertEquals(0, pair.node("pri").terminate(), "SIGTERM stops the node with status 0");
        assertTrue(pair.first("pri", "release", stopped) > 0, "a node that stops releases what it holds");
        pair.awaitState("sec", "UP", SETTLE);
        assertEquals("UP", pair.node("sec").groupState("db"));
        assertNeverBothHeld();
    }

    private void startPrimaryThenBackup() throws Exception {
        pair.start("pri");
        pair.start("sec"); // pri beats from the moment its control socket is there: sec always hears it starting
        pair.awaitState("pri", "UP", SETTLE);
        pair.awaitState("sec", "STANDBY", SETTLE);
    }

    /** Puts both recordings on one timeline: at no moment may both nodes hold the same address. */
    private void assertNeverBothHeld() throws Exception {
        List<String[]> changes = new ArrayList<>();
        for (String node : List.of("pri", "sec")) {
            for (String[] entry : pair.recording(node)) {
                if (!entry[1].equals("announce")) {
                    changes.add(new String[] {entry[0], node, entry[1], entry.length > 2 ? entry[2] : "*"});
                }
            }
        }
        changes.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
        java.util.Map<String, java.util.Set<String>> holders = new java.util.HashMap<>();
        for (String[] change : changes) {
            if (change[3].equals("host-crashed")) {
                holders.values().forEach(nodes -> nodes.remove(change[1]));
                continue;
            }
            java.util.Set<String> nodes = holders.computeIfAbsent(change[3], a -> new java.util.HashSet<>());
            if (change[2].equals("acquire")) {
                nodes.add(change[1]);
            } else {
                nodes.remove(change[1]);
            }
            assertTrue(nodes.size() < 2, () -> "both nodes held " + change[3] + " at " + change[0] + "; timeline: "
                    + changes.stream().map(c -> String.join(" ", c)).toList());
        }
    }

    private static String ctlOut(NodeProcess node, String... command) {
        try {
            return node.ctl(command).out();
        } catch (Exception e) {
            return "";
        }
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static String summary(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return "min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) + ", max " + sorted.get(sorted.size() - 1)
                + " " + values;
    }
}
