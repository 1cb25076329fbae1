package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quorum-zookeeper bundle in two real nodes (a and b, each in its own namespace) against a real
 * three-server ZooKeeper ensemble ({@link ZooKeeperLab}), leases asked for by hand with the
 * {@code quorum:} commands: one holder at a time, handed on when given back, when the holder is cut
 * from the ensemble (told lost before the other is granted) and when it crashes (after the session
 * timeout); one server down changes nothing, not even the holder's own (it reconnects to another
 * within the grace), all down is reported and recovered from. The nodes
 * run for the whole class; the crash comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumZooKeeperIT {
    static final int TICK_MILLIS = 200;
    static final int SESSION_MILLIS = 3000;
    static final Duration WAIT = Duration.ofSeconds(20);
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    static final Pattern SERVER = Pattern.compile("Session establishment complete on server [^,]*?(203\\.0\\.113\\.1(\\d))");

    @TempDir
    static Path root;

    static ZooKeeperLab lab;
    static NodeProcess a;
    static NodeProcess b;

    @BeforeAll
    static void startEnsembleAndNodes() throws Exception {
        lab = new ZooKeeperLab(root.resolve("zk"), TICK_MILLIS);
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        for (String node : List.of("a", "b")) {
            lab.addHost(node);
            Path conf = root.resolve(node).resolve("conf");
            Files.createDirectories(conf);
            Files.writeString(conf.resolve("ipfailover.key"), key + "\n");
            Files.setPosixFilePermissions(conf.resolve("ipfailover.key"), PosixFilePermissions.fromString("rw-------"));
            Files.writeString(conf.resolve("org.ipfailover.node.cfg"), "id = " + node + "\nnetworks = private=203.0.113.255\n");
            Files.writeString(conf.resolve("org.ipfailover.quorum.zookeeper.cfg"), "connectString = " + lab.connectString()
                    + "\nsessionTimeoutMillis = " + SESSION_MILLIS + "\nconnectionTimeoutMillis = 2000\n");
            // the node's own logging with ZooKeeper's connection lines, which tell the server each node is connected to
            Files.writeString(conf.resolve("logback.xml"), Files.readString(NodeProcess.DIST.resolve("conf/logback.xml"))
                    .replace("<logger name=\"org.apache.zookeeper.ClientCnxn\" level=\"ERROR\"/>",
                            "<logger name=\"org.apache.zookeeper.ClientCnxn\" level=\"INFO\"/>"));
        }
        a = NodeProcess.start(root.resolve("a"), List.of("ip", "netns", "exec", lab.namespace("a")));
        b = NodeProcess.start(root.resolve("b"), List.of("ip", "netns", "exec", lab.namespace("b")));
        awaitReachable(a);
        awaitReachable(b);
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess node : new NodeProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void oneNodeHoldsAndTheOtherGetsTheLeaseWhenItIsGivenBack() throws Exception {
        request(a, "g1");
        awaitLine(a, "lease of group g1 granted");
        request(b, "g1");
        awaitLine(b, "lease of group g1 held by a; waiting");
        assertEquals("a", ctl(b, "quorum:holder", "g1"));
        assertTrue(line(b, "lease of group g1 granted").isEmpty());
        ctl(a, "quorum:release", "g1");
        awaitLine(b, "lease of group g1 granted");
        b.await("b to learn it holds g1", WAIT, () -> ctl(b, "quorum:holder", "g1").equals("b"));
        ctl(b, "quorum:release", "g1");
    }

    @Test
    @Order(2)
    void aHolderCutFromTheEnsembleIsToldLostBeforeTheOtherIsGranted() throws Exception {
        request(a, "g2");
        awaitLine(a, "lease of group g2 granted");
        request(b, "g2");
        awaitLine(b, "lease of group g2 held by a; waiting");
        LocalDateTime cut = LocalDateTime.now();
        lab.cable("a", false);
        try {
            String granted = awaitLine(b, "lease of group g2 granted");
            String lost = line(a, "lease of group g2 lost").orElseThrow(() -> new AssertionError("a was never told g2 lost"));
            LocalDateTime lostAt = time(lost);
            LocalDateTime grantedAt = time(granted);
            System.out.printf("quorum cut: a told lost %d ms after the cut, b granted %d ms after it (%d ms apart; session %d ms)%n",
                    Duration.between(cut, lostAt).toMillis(), Duration.between(cut, grantedAt).toMillis(),
                    Duration.between(lostAt, grantedAt).toMillis(), SESSION_MILLIS);
            assertTrue(lostAt.isBefore(grantedAt), "a lost at " + lostAt + ", b granted at " + grantedAt);
        } finally {
            lab.cable("a", true);
        }
        awaitReachable(a);
        ctl(a, "quorum:release", "g2");
        ctl(b, "quorum:release", "g2");
    }

    @Test
    @Order(3)
    void oneServerDownLosesNothing() throws Exception {
        request(a, "g3");
        awaitLine(a, "lease of group g3 granted");
        int serving = servingServer(a);
        int victim = lab.leaderFirst().stream().skip(1).filter(id -> id != serving).findFirst().orElseThrow();
        lab.kill(victim);
        try {
            long until = System.nanoTime() + Duration.ofMillis(2L * SESSION_MILLIS).toNanos();
            while (System.nanoTime() < until) {
                assertTrue(line(a, "lease of group g3 lost").isEmpty(), "g3 lost with server " + victim + " down");
                assertTrue(ctl(a, "quorum:status").contains(" reachable"), ctl(a, "quorum:status"));
                Thread.onSpinWait();
            }
        } finally {
            lab.restart(victim);
            lab.awaitEnsemble(3);
        }
        ctl(a, "quorum:release", "g3");
    }

    /** The server closes the connection: the client reconnects to another within the grace, and the lease stays. */
    @Test
    @Order(4)
    void theHoldersOwnServerKilledLosesNothing() throws Exception {
        request(a, "g6");
        awaitLine(a, "lease of group g6 granted");
        int serving = servingServer(a);
        long reconnections = a.logLines().stream().filter(l -> l.contains("ZooKeeper quorum: reconnected to")).count();
        lab.kill(serving);
        try {
            a.await("a to reconnect to another server", WAIT, () -> readLines(a).stream()
                    .filter(l -> l.contains("ZooKeeper quorum: reconnected to")).count() > reconnections);
            String kept = line(a, "held leases kept for").orElse("(no grace line)");
            System.out.println("quorum: a's own server zk" + serving + " killed; a's log: " + kept);
            assertTrue(line(a, "lease of group g6 lost").isEmpty(), "g6 lost with a's server zk" + serving + " down");
            assertEquals("a", ctl(b, "quorum:holder", "g6"));
        } finally {
            lab.restart(serving);
            lab.awaitEnsemble(3);
        }
        ctl(a, "quorum:release", "g6");
    }

    @Test
    @Order(5)
    void allServersDownIsReportedAndTheQuorumComesBack() throws Exception {
        request(a, "g4");
        awaitLine(a, "lease of group g4 granted");
        for (int id = 1; id <= 3; id++) {
            lab.kill(id);
        }
        try {
            a.await("a to report the quorum unreachable", WAIT, () -> ctl(a, "quorum:status").contains("UNREACHABLE"));
            awaitLine(a, "lease of group g4 lost");
        } finally {
            for (int id = 1; id <= 3; id++) {
                lab.restart(id);
            }
        }
        lab.awaitEnsemble(3);
        awaitReachable(a);
        awaitReachable(b);
        ctl(a, "quorum:release", "g4");
    }

    @Test
    @Order(6)
    void aCrashedHoldersLeasePassesAfterTheSessionTimeout() throws Exception {
        request(a, "g5");
        awaitLine(a, "lease of group g5 granted");
        request(b, "g5");
        awaitLine(b, "lease of group g5 held by a; waiting");
        LocalDateTime crash = LocalDateTime.now();
        a.close();
        long afterMillis = Duration.between(crash, time(awaitLine(b, "lease of group g5 granted"))).toMillis();
        System.out.printf("quorum crash: b granted g5 %d ms after a was killed (session %d ms)%n", afterMillis, SESSION_MILLIS);
        assertTrue(afterMillis >= SESSION_MILLIS - 2L * TICK_MILLIS, afterMillis + " ms: before the session could expire");
        assertTrue(afterMillis <= SESSION_MILLIS + 3000, afterMillis + " ms");
    }

    private static void request(NodeProcess node, String group) throws IOException {
        String answer = ctl(node, "quorum:request", group);
        assertTrue(answer.startsWith("asked for"), answer);
    }

    private static String ctl(NodeProcess node, String... command) {
        try {
            NodeProcess.Result result = node.ctl(command);
            return result.out().strip();
        } catch (IOException e) {
            return "(ctl failed: " + e.getMessage() + ")";
        }
    }

    private static void awaitReachable(NodeProcess node) throws InterruptedException {
        node.await("the quorum to be reachable (" + ctl(node, "quorum:status") + ")", WAIT,
                () -> ctl(node, "quorum:status").contains(" reachable"));
    }

    private static int servingServer(NodeProcess node) throws IOException {
        int server = 0;
        for (String line : node.logLines()) {
            Matcher matcher = SERVER.matcher(line);
            if (matcher.find()) {
                server = Integer.parseInt(matcher.group(2));
            }
        }
        assertFalse(server == 0, "no 'Session establishment complete' line in the node's log");
        return server;
    }

    private static String awaitLine(NodeProcess node, String part) throws InterruptedException {
        try {
            node.await("'" + part + "' in " + node.home.getFileName() + "'s log", WAIT, () -> line(node, part).isPresent());
        } catch (AssertionError e) {
            List<String> quorumLines = readLines(node).stream().filter(l -> l.contains("quorum") || l.contains("zookeeper")
                    || l.contains("curator") || l.contains("ERROR") || l.contains("Exception")).toList();
            throw new AssertionError(e.getMessage() + "\n" + String.join("\n",
                    quorumLines.subList(Math.max(0, quorumLines.size() - 30), quorumLines.size())), e);
        }
        return line(node, part).orElseThrow();
    }

    private static Optional<String> line(NodeProcess node, String part) {
        try {
            return node.logLines().stream().filter(l -> l.contains(part)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> readLines(NodeProcess node) {
        try {
            return node.logLines();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static LocalDateTime time(String logLine) {
        return LocalDateTime.parse(logLine.substring(0, 23), LOG_TIME);
    }
}
