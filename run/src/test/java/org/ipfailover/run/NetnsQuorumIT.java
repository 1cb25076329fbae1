package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ipfailover.run.QuorumRig.SESSION_MILLIS;
import static org.ipfailover.run.QuorumRig.SETTLE;
import static org.ipfailover.run.QuorumRig.VIP_DB;
import static org.ipfailover.run.QuorumRig.VIP_WEB;
import static org.ipfailover.run.LabSuite.assertNoneWithin;
import static org.ipfailover.run.QuorumRig.events;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 end to end: real nodes with the quorum-zookeeper bundle against a real three-server
 * ensemble on their private segment ({@link QuorumRig}, session timeout 4 s, tickTime 200 ms), the
 * addresses watched with {@code ip monitor} on every node host. A crashed primary's group passes
 * after the session timeout; a primary cut from its peer and from the ensemble's majority releases
 * before the backup is granted the lease; a pair cut from each other only moves nothing and says
 * so; servers killed one at a time move nothing, all of them is the policy (keep, then release,
 * the detectors replaced in between); three nodes with two groups fail over in priority order and
 * a minority node holds nothing. Never an address on two hosts.
 *
 * <p>Over 300 lines: the five scenarios share one lab and ensemble ({@link QuorumRig}), which takes
 * seconds to form, so they stay in one class.
 */
class NetnsQuorumIT {
    static final String WEB_PAIR = "nodes = pri, sec\nvips = eth0:" + VIP_WEB + "/24\nfailbackDelay = 500\n";
    /** A crashed holder's lease passes once its session expired: at most T after the crash, plus 300 ms, plus a loaded machine's margin. */
    static final long CRASH_LIMIT_MILLIS = SESSION_MILLIS + 300 + 700;
    static final Duration TWO_SESSIONS = Duration.ofMillis(2L * SESSION_MILLIS);
    static final String GRANT_LINE = "a group is acquired only once this node holds its lease";
    static final String HELD_LINE = "Group web: this node holds its lease";

    @TempDir
    static Path root;

    static QuorumRig rig;

    @BeforeAll
    static void startLab() throws Exception {
        NetnsLab.requireLab();
        rig = QuorumRig.start(root);
    }

    @AfterAll
    static void removeLab() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @AfterEach
    void reset(TestInfo test) throws Exception {
        rig.reset(test.getTestMethod().map(m -> m.getName()).orElse("test"));
    }

    @Test
    void crashedPrimarysGroupPassesToTheBackupAfterTheSessionTimeout() throws Exception {
        rig.configure("keep", Map.of("web", WEB_PAIR));
        HolderWatch web = rig.watch(VIP_WEB);
        NodeProcess sec = startPair();

        long crash = LabSuite.nowMicros();
        rig.powerOff("pri");
        sec.await("sec to hold web", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("sec")));
        long failover = (web.first("sec", true, crash) - crash) / 1000;
        System.out.printf("quorum crash: sec added web's address %d ms after pri's crash (session %d ms, limit %d ms)%n", failover,
                SESSION_MILLIS, CRASH_LIMIT_MILLIS);
        assertEquals(0, web.bothMicros(), "the address was on two hosts: " + web.changes());
        assertTrue(failover >= SESSION_MILLIS / 3, failover + " ms: sec did not wait for the lease");
        assertEquals(List.of(), events(sec, "ANOMALY", "lease"), "a crashed holder's lease is no anomaly");
        assertTrue(failover <= CRASH_LIMIT_MILLIS, failover + " ms after the crash, limit " + CRASH_LIMIT_MILLIS);
    }

    @Test
    void primaryCutFromTheBackupAndTheMajorityReleasesBeforeTheBackupTakesOver() throws Exception {
        rig.configure("keep", Map.of("web", WEB_PAIR));
        HolderWatch web = rig.watch(VIP_WEB);
        NodeProcess sec = startPair();
        NodeProcess pri = rig.node("pri");

        // pri stays with zk3, which loses the ensemble: the minority side
        long cut = LabSuite.nowMicros();
        rig.lab.cut(List.of("pri", ZooKeeperLab.port(3)), List.of("sec", "cli", ZooKeeperLab.port(1), ZooKeeperLab.port(2)));
        sec.await("sec to hold web", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("sec")));
        long released = web.first("pri", false, cut);
        long added = web.first("sec", true, cut);
        System.out.printf("quorum partition: pri removed web's address %d ms after the cut, sec added it %d ms after the cut "
                + "(%d ms later; session %d ms); on two hosts %d us%n", (released - cut) / 1000, (added - cut) / 1000,
                (added - released) / 1000, SESSION_MILLIS, web.bothMicros());
        assertTrue(pri.alive(), "pri's daemon runs on");
        assertTrue(released > 0 && released < added, "pri released at " + released + ", sec added at " + added);
        assertEquals(0, web.bothMicros(), "the address was on two hosts: " + web.changes());

        rig.lab.heal();
        long healed = LabSuite.nowMicros();
        pri.await("pri to hold web again", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("pri")));
        rig.awaitState("pri", "web", "UP", SETTLE);
        rig.awaitState("sec", "web", "STANDBY", SETTLE);
        System.out.printf("quorum partition healed: web back on pri %d ms after the heal (failbackDelay 500 ms); on two hosts %d us%n",
                (web.first("pri", true, healed) - healed) / 1000, web.bothMicros());
        assertEquals(0, web.bothMicros(), "the address was on two hosts: " + web.changes());
    }

    @Test
    void pairCutFromEachOtherOnlyMovesNothingAndTheBackupReportsIt() throws Exception {
        rig.configure("keep", Map.of("web", WEB_PAIR));
        HolderWatch web = rig.watch(VIP_WEB);
        NodeProcess sec = startPair();

        long cut = LabSuite.nowMicros();
        rig.lab.cut(List.of("pri"), List.of("sec"));
        assertNoneWithin(TWO_SESSIONS, "the address moved while both nodes reach the ensemble",
                () -> !rig.holders(VIP_WEB).equals(List.of("pri")));
        List<String> anomalies = events(sec, "ANOMALY", "held group web's lease");
        System.out.println("quorum pair cut from each other: after " + (LabSuite.nowMicros() - cut) / 1000 + " ms sec is "
                + rig.state("sec", "web") + ", holder " + LabSuite.out(sec, "quorum:holder", "web").strip() + "; sec reports: "
                + anomalies);
        assertEquals(List.of(), web.after(cut), "the address moved");
        assertFalse(anomalies.isEmpty(), "sec reports that pri is not heard but holds web's lease: " + QuorumRig.history(sec));

        rig.lab.heal();
        rig.awaitState("sec", "web", "STANDBY", SETTLE);
        assertEquals(List.of(), web.after(cut), "the address moved");
        assertEquals(0, web.bothMicros(), "the address was on two hosts: " + web.changes());
    }

    @Test
    void serversFailingOneAtATimeMoveNothingAndAllOfThemFollowThePolicy() throws Exception {
        rig.configure("keep", Map.of("web", WEB_PAIR));
        HolderWatch web = rig.watch(VIP_WEB);
        NodeProcess sec = startPair();
        NodeProcess pri = rig.node("pri");

        for (int rank = 0; rank < 2; rank++) {
            int victim = rig.zk.leaderFirst().get(rank);
            long killed = LabSuite.nowMicros();
            rig.killServer(victim);
            assertNoneWithin(TWO_SESSIONS, "the address moved with the " + (rank == 0 ? "leader" : "follower") + " zk" + victim
                    + " down", () -> !rig.holders(VIP_WEB).equals(List.of("pri")));
            assertEquals(List.of(), web.after(killed), "the address moved");
            assertEquals("pri", LabSuite.out(sec, "quorum:holder", "web").strip(), "pri holds the lease");
            rig.restartServers();
        }

        long lost = allServersDown(pri, sec);
        assertNoneWithin(TWO_SESSIONS, "the address moved or went with every server down (onQuorumLoss = keep)",
                () -> !rig.holders(VIP_WEB).equals(List.of("pri")));
        assertTrue(events(pri, "PEER_LOST", "sec").isEmpty(), "pri hears sec throughout: " + QuorumRig.history(pri));
        assertTrue(pri.logLines().stream().anyMatch(l -> l.contains("keeping the group")), "pri says it keeps web");
        long grants = count(pri, HELD_LINE);
        long back = serversBack(pri, sec);
        long regained = LabSuite.nowMicros();
        // the ensemble restored pri's old session with the servers and keeps its znode until it expires, T from now;
        // Curator gave that session up meanwhile, so pri asks with a new one and must not wait for its own old znode
        pri.await("pri to hold web's lease again", SETTLE, () -> count(pri, HELD_LINE) > grants);
        long keptHeldAgain = (LabSuite.nowMicros() - regained) / 1000;
        List<HolderWatch.Change> returning = web.after(back);
        System.out.printf("quorum keep: web kept on pri with every server down for %d ms; its lease held again %d ms after both "
                + "nodes reported the quorum regained; changes as the servers came back: %s%n", (back - lost) / 1000, keptHeldAgain,
                returning);
        long restarted = back;
        assertEquals(List.of(), web.after(lost).stream().filter(c -> c.change().micros() <= restarted).toList(),
                "the address moved while every server was down");
        // when sec reconnects more than two dead times before pri, pri sees a peer that reaches the quorum while it does not
        // and releases (that peer might be granted the lease): a short outage on pri, allowed; the address never goes to sec
        assertTrue(returning.stream().allMatch(c -> c.host().equals("pri")), "the address moved to sec: " + returning);
        assertEquals(0, web.bothMicros(), "the address on two hosts");
        assertTrue(keptHeldAgain < SESSION_MILLIS / 2, "pri waited " + keptHeldAgain + " ms for its own lease of an earlier session");

        // the detectors replaced by a configuration change: the leases are given back while the addresses stay
        long grantsPri = count(pri, GRANT_LINE);
        long grantsSec = count(sec, GRANT_LINE);
        long swapped = LabSuite.nowMicros();
        rig.writeNode("pri", "release");
        rig.writeNode("sec", "release");
        long heldBefore = count(pri, HELD_LINE);
        pri.await("both detectors replaced and pri's lease held again", SETTLE, () -> count(pri, GRANT_LINE) > grantsPri
                && count(sec, GRANT_LINE) > grantsSec && count(pri, HELD_LINE) > heldBefore && "UP".equals(rig.state("pri", "web")));
        long heldAgain = LabSuite.nowMicros();
        assertNoneWithin(Duration.ofSeconds(1), "the address moved after the detectors were replaced",
                () -> !rig.holders(VIP_WEB).equals(List.of("pri")));
        System.out.printf("quorum detectors replaced: pri's lease held again %d ms after the change; the address did not move%n",
                (heldAgain - swapped) / 1000);
        assertEquals(List.of(), web.after(swapped), "the address moved");

        lost = allServersDown(pri, sec);
        pri.await("pri to release web (onQuorumLoss = release)", SETTLE, () -> rig.holders(VIP_WEB).isEmpty());
        long released = web.first("pri", false, lost);
        assertNoneWithin(Duration.ofMillis(SESSION_MILLIS), "a node took web with every server down",
                () -> !rig.holders(VIP_WEB).isEmpty());
        back = serversBack(pri, sec);
        pri.await("pri to hold web again", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("pri")));
        System.out.printf("quorum release: pri removed web's address %d ms after every server was killed; added it again %d ms "
                + "after they were back%n", (released - lost) / 1000, (web.first("pri", true, back) - back) / 1000);
        assertEquals(0, web.bothMicros(), "the address was on two hosts: " + web.changes());
    }

    @Test
    void threeNodesWithTwoGroupsFailOverInPriorityOrderAndAMinorityHoldsNothing() throws Exception {
        rig.configure("keep", Map.of("web", "nodes = pri, sec, ter\nvips = eth0:" + VIP_WEB + "/24\nfailbackDelay = 500\n",
                "db", "nodes = sec, ter, pri\nvips = eth0:" + VIP_DB + "/24\nfailbackDelay = 500\n"));
        HolderWatch web = rig.watch(VIP_WEB);
        HolderWatch db = rig.watch(VIP_DB);
        for (String node : QuorumRig.NODES) {
            rig.start(node);
        }
        NodeProcess ter = rig.node("ter");
        ter.await("web on pri and db on sec", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("pri"))
                && rig.holders(VIP_DB).equals(List.of("sec")) && "STANDBY".equals(rig.state("ter", "web"))
                && "STANDBY".equals(rig.state("ter", "db")));

        long crash = LabSuite.nowMicros();
        rig.powerOff("sec");
        ter.await("ter to hold db", SETTLE, () -> rig.holders(VIP_DB).equals(List.of("ter")));
        System.out.printf("quorum three nodes: db on ter %d ms after sec's crash (session %d ms)%n",
                (db.first("ter", true, crash) - crash) / 1000, SESSION_MILLIS);
        assertEquals(List.of(), web.after(crash), "web moved");
        assertTrue(db.first("pri", true, crash) < 0, "db went to pri, not to the next in order: " + db.changes());

        rig.boot("sec");
        long booted = LabSuite.nowMicros();
        ter.await("db back on sec", SETTLE, () -> rig.holders(VIP_DB).equals(List.of("sec")));
        rig.awaitState("ter", "db", "STANDBY", SETTLE);
        System.out.printf("quorum three nodes: db back on sec %d ms after its node started%n", (db.first("sec", true, booted) - booted) / 1000);

        // ter cut from both nodes and two servers: it still reaches the ensemble through zk3, and waits for leases held by others
        long cut = LabSuite.nowMicros();
        List<String> majority = List.of("pri", "sec", "cli", ZooKeeperLab.port(1), ZooKeeperLab.port(2));
        rig.lab.cut(List.of("ter"), majority);
        assertNoneWithin(TWO_SESSIONS, "a group moved while ter is cut from both nodes",
                () -> !rig.holders(VIP_WEB).equals(List.of("pri")) || !rig.holders(VIP_DB).equals(List.of("sec")));
        System.out.println("quorum ter cut from pri, sec, zk1, zk2: after " + (LabSuite.nowMicros() - cut) / 1000 + " ms ter has web "
                + rig.state("ter", "web") + ", db " + rig.state("ter", "db") + "; " + LabSuite.out(ter, "quorum:status").strip()
                + "; lease anomalies so far: " + events(ter, "ANOMALY", "lease").size());
        // reported once ter waited longer than the quorum keeps a crashed holder's lease (its wait restarts if it reconnects)
        ter.await("ter to report pri and sec holding web's and db's leases unheard", SETTLE,
                () -> !events(ter, "ANOMALY", "held group web's lease").isEmpty() && !events(ter, "ANOMALY", "held group db's lease").isEmpty());
        assertEquals(List.of(), web.after(cut), "web moved");
        assertEquals(List.of(), db.after(cut), "db moved");

        // and zk3 cut from the two other servers: ter and zk3 are a minority, which has no quorum
        long minority = LabSuite.nowMicros();
        rig.lab.cut(List.of(ZooKeeperLab.port(3)), majority);
        ter.await("ter to lose the quorum", SETTLE, () -> !events(ter, "QUORUM_LOST", "").isEmpty());
        assertNoneWithin(TWO_SESSIONS, "ter holds a group in a minority",
                () -> rig.holders(VIP_WEB).contains("ter") || rig.holders(VIP_DB).contains("ter"));
        // nodes of the majority that were connected to zk3 look for another server; they may drop a group meanwhile
        ter.await("web on pri and db on sec", SETTLE, () -> rig.holders(VIP_WEB).equals(List.of("pri"))
                && rig.holders(VIP_DB).equals(List.of("sec")));
        System.out.println("quorum minority (ter, zk3): ter has web " + rig.state("ter", "web") + ", db " + rig.state("ter", "db")
                + "; " + LabSuite.out(ter, "quorum:status").strip() + "; the majority's changes meanwhile: web " + web.after(minority)
                + ", db " + db.after(minority));
        rig.lab.heal();
        rig.awaitState("ter", "web", "STANDBY", SETTLE);
        rig.awaitState("ter", "db", "STANDBY", SETTLE);
        assertEquals(List.of(), web.after(cut).stream().filter(c -> c.host().equals("ter")).toList(), "web was on ter");
        assertEquals(List.of(), db.after(cut).stream().filter(c -> c.host().equals("ter")).toList(), "db was on ter");
        assertEquals(0, web.bothMicros(), "web was on two hosts: " + web.changes());
        assertEquals(0, db.bothMicros(), "db was on two hosts: " + db.changes());
    }

    /** pri, then sec; pri holds web and its lease, sec stands by. */
    private static NodeProcess startPair() throws Exception {
        rig.start("pri");
        NodeProcess sec = rig.start("sec");
        rig.awaitState("pri", "web", "UP", SETTLE);
        rig.awaitState("sec", "web", "STANDBY", SETTLE);
        sec.await("pri to hold web's lease", SETTLE, () -> "pri".equals(LabSuite.out(sec, "quorum:holder", "web").strip()));
        assertEquals(List.of("pri"), rig.holders(VIP_WEB));
        return sec;
    }

    /** Kills the three servers; @return when, once both nodes reported QUORUM_LOST */
    private static long allServersDown(NodeProcess pri, NodeProcess sec) throws Exception {
        int priBefore = events(pri, "QUORUM_LOST", "").size();
        int secBefore = events(sec, "QUORUM_LOST", "").size();
        long killed = LabSuite.nowMicros();
        for (int id = 1; id <= 3; id++) {
            rig.killServer(id);
        }
        pri.await("QUORUM_LOST on both nodes", SETTLE, () -> events(pri, "QUORUM_LOST", "").size() > priBefore
                && events(sec, "QUORUM_LOST", "").size() > secBefore);
        System.out.printf("quorum: every server killed; QUORUM_LOST on both nodes within %d ms%n", (LabSuite.nowMicros() - killed) / 1000);
        return killed;
    }

    /** Starts the three servers again; @return when, once both nodes reported QUORUM_REGAINED */
    private static long serversBack(NodeProcess pri, NodeProcess sec) throws Exception {
        int priBefore = events(pri, "QUORUM_REGAINED", "").size();
        int secBefore = events(sec, "QUORUM_REGAINED", "").size();
        long started = LabSuite.nowMicros();
        rig.restartServers();
        pri.await("QUORUM_REGAINED on both nodes", SETTLE, () -> events(pri, "QUORUM_REGAINED", "").size() > priBefore
                && events(sec, "QUORUM_REGAINED", "").size() > secBefore);
        System.out.printf("quorum: the servers restarted; QUORUM_REGAINED on both nodes within %d ms%n",
                (LabSuite.nowMicros() - started) / 1000);
        return started;
    }

    private static long count(NodeProcess node, String text) {
        try {
            return node.logLines().stream().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
