package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quorum over TLS with SASL, against a real three-server ensemble that takes clients only on
 * its TLS port, asks them for a certificate and requires a SASL DIGEST-MD5 login, with a CA and
 * stores made by the test: node a, with the right stores and login, is granted a lease; node b,
 * whose trust store holds another CA, says in one line that the handshake fails and why; node c,
 * with a wrong SASL password, says in one line that its login is refused. Neither b nor c is ever
 * granted anything, nor sees the quorum reachable. A second, TLS-only ensemble whose certificate
 * names another address checks the server name verification, on by default and off when said.
 */
class QuorumSecureIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String USER = "ipfailover";
    static final String HEARTBEAT_KEY = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    @TempDir
    static Path root;

    static ZooKeeperLab lab;
    static NodeProcess a;
    static NodeProcess b;
    static NodeProcess c;

    static TestCa ca;
    static Path nodeStore;

    @BeforeAll
    static void startEnsembleAndNodes() throws Exception {
        Path pki = Files.createDirectories(root.resolve("pki"));
        ca = TestCa.create(pki, "quorum-ca", "ca-secret");
        TestCa other = TestCa.create(pki, "other-ca", "ca-secret");
        Path servers = ca.issue("zookeeper", "server-secret", List.of("203.0.113.11", "203.0.113.12", "203.0.113.13"));
        nodeStore = ca.issue("nodes", "node-secret", List.of("203.0.113.21", "203.0.113.22", "203.0.113.23"));
        lab = new ZooKeeperLab(root.resolve("zk"), 200, new ZooKeeperLab.Options(
                Optional.of(new ZooKeeperLab.ServerTls(servers, "server-secret", ca.certificate())), Map.of(USER, "sasl-secret")));
        a = node(lab, "a", ca.certificate(), "saslFile = " + saslFile("a", "sasl-secret"));
        b = node(lab, "b", other.certificate(), "saslFile = " + saslFile("b", "sasl-secret"));
        c = node(lab, "c", ca.certificate(), "saslFile = " + saslFile("c", "not-the-password"));
    }

    private static String saslFile(String id, String password) throws IOException {
        Path conf = Files.createDirectories(root.resolve(id).resolve("conf"));
        secret(conf.resolve("zookeeper.sasl"), USER + ":" + password);
        return "conf/zookeeper.sasl";
    }

    /** A node on {@code lab} with the CA's key store for nodes, trusting {@code trustStore}, and {@code more} quorum keys. */
    private static NodeProcess node(ZooKeeperLab lab, String id, Path trustStore, String more) throws Exception {
        lab.addHost(id);
        Path conf = Files.createDirectories(root.resolve(id).resolve("conf"));
        Files.copy(nodeStore, conf.resolve("node.p12"));
        Files.copy(trustStore, conf.resolve("zookeeper-ca.pem"));
        secret(conf.resolve("node.password"), "node-secret");
        secret(conf.resolve("ipfailover.key"), HEARTBEAT_KEY);
        Files.writeString(conf.resolve("org.ipfailover.node.cfg"), "id = " + id + "\nnetworks = private=203.0.113.255\n");
        Files.writeString(conf.resolve("org.ipfailover.quorum.zookeeper.cfg"), "connectString = " + lab.connectString() + "\n"
                + "sessionTimeoutMillis = 3000\nconnectionTimeoutMillis = 2000\n"
                + "tls = true\ntlsTrustStore = conf/zookeeper-ca.pem\n"
                + "tlsKeyStore = conf/node.p12\ntlsKeyStorePasswordFile = conf/node.password\n" + more + "\n");
        return NodeProcess.start(root.resolve(id), List.of("ip", "netns", "exec", lab.namespace(id)));
    }

    private static void secret(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess node : new NodeProcess[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theRightStoresAndLoginGetALeaseAndTheWrongOnesSayWhyAndGetNothing() throws Exception {
        request(b, "web");
        request(c, "web");
        a.await("a to reach the quorum (" + ctl(a, "quorum:status") + ")", WAIT,
                () -> ctl(a, "quorum:status").contains(" reachable"));
        assertTrue(awaitLine(a, "(TLS, SASL as ipfailover)", WAIT).contains("asks 203.0.113.11:2281"));
        request(a, "web");
        awaitLine(a, "lease of group web granted", WAIT);
        a.await("a to learn it holds web", WAIT, () -> ctl(a, "quorum:holder", "web").equals("a"));
        // Netty's TLS handler, JAAS's login module and the SASL client all load in the node's Felix
        assertEquals(List.of(), logLines(a).stream().filter(l -> l.contains("ClassNotFoundException") || l.contains("NoClassDefFoundError")
                || l.contains("SASL authentication") && l.contains("failed")).toList());

        String handshake = awaitLine(b, "ZooKeeper quorum: no connection to", WAIT);
        assertTrue(handshake.contains(" ERROR ") && handshake.contains("the TLS handshake with 203.0.113.1")
                && handshake.contains("certification path"), handshake);
        String refused = awaitLine(c, "refused the SASL login", WAIT);
        assertTrue(refused.contains(" ERROR ") && refused.contains("user ipfailover from saslFile conf/zookeeper.sasl: wrong user or password?"), refused);
        System.out.printf("quorum over TLS: b (other CA) said: %s%nc (wrong SASL password) said: %s%n", handshake, refused);

        // a gives web back: a node that could write would now be granted it, as b is in QuorumZooKeeperIT
        ctl(a, "quorum:release", "web");
        awaitLine(a, "lease of group web given back", WAIT);
        request(a, "web");
        a.await("a to hold web again", WAIT, () -> lines(a, "lease of group web granted") == 2);
        for (NodeProcess refusedNode : List.of(b, c)) {
            String name = refusedNode.home.getFileName().toString();
            assertEquals(0, lines(refusedNode, "lease of group web granted"), name + " was granted web");
            assertTrue(ctl(refusedNode, "quorum:status").contains("UNREACHABLE"), name + ": " + ctl(refusedNode, "quorum:status"));
            assertEquals(1, lines(refusedNode, "ZooKeeper quorum: no connection to")
                    + lines(refusedNode, "refused the SASL login"), name + " said why more than once");
        }
    }

    /** Asks for a lease by hand once the node's quorum service is there (it comes a moment after the control socket). */
    private static void request(NodeProcess node, String group) throws InterruptedException {
        try {
            node.await("the quorum service of " + node.home.getFileName(), WAIT,
                    () -> ctl(node, "quorum:status").startsWith("zookeeper "));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + String.join("\n", logLines(node)), e);
        }
        String answer = ctl(node, "quorum:request", group);
        assertTrue(answer.startsWith("asked for"), "quorum:request " + group + ": " + answer);
    }

    /**
     * TLS without SASL (ZooKeeper's FIPS mode stays on: the JDK checks the server's name): servers
     * whose certificate names another address are refused by d, with the reason in one line, and
     * taken by e, which turned the check off (tlsHostnameVerification = false).
     */
    @Test
    void aServerCertificateNamingAnotherAddressIsRefusedUnlessTheCheckIsOff() throws Exception {
        Path misnamed = ca.issue("misnamed", "server-secret", List.of("203.0.113.99"));
        NodeProcess d = null;
        NodeProcess e = null;
        try (ZooKeeperLab tlsOnly = new ZooKeeperLab(root.resolve("zk-tls"), 200, new ZooKeeperLab.Options(
                Optional.of(new ZooKeeperLab.ServerTls(misnamed, "server-secret", ca.certificate())), Map.of()))) {
            d = node(tlsOnly, "d", ca.certificate(), "");
            e = node(tlsOnly, "e", ca.certificate(), "tlsHostnameVerification = false");
            request(e, "db");
            awaitLine(e, "lease of group db granted", WAIT);
            assertTrue(awaitLine(e, "(TLS without hostname verification)", WAIT).contains("asks 203.0.113.11:2281"));
            request(d, "db");
            String refused = awaitLine(d, "ZooKeeper quorum: no connection to", WAIT);
            System.out.println("quorum over TLS: d (certificate names another address) said: " + refused);
            assertTrue(refused.contains(" ERROR ") && refused.contains("the TLS handshake with 203.0.113.1")
                    && refused.contains("203.0.113.1") && refused.toLowerCase(java.util.Locale.ROOT).contains("subject alternative name"), refused);
            assertEquals(0, lines(d, "lease of group db granted"));
            assertTrue(ctl(d, "quorum:status").contains("UNREACHABLE"), ctl(d, "quorum:status"));
        } finally {
            for (NodeProcess node : new NodeProcess[] {d, e}) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private static String ctl(NodeProcess node, String... command) {
        try {
            return node.ctl(command).out().strip();
        } catch (IOException e) {
            return "(ctl failed: " + e.getMessage() + ")";
        }
    }

    private static String awaitLine(NodeProcess node, String part, Duration timeout) throws InterruptedException {
        try {
            node.await("'" + part + "' in " + node.home.getFileName() + "'s log", timeout, () -> line(node, part).isPresent());
        } catch (AssertionError e) {
            List<String> quorum = logLines(node).stream().filter(l -> !l.startsWith("\t") && (l.contains("quorum")
                    || l.contains("zookeeper") || l.contains("ERROR") || l.contains("WARN") || l.contains("Exception"))).toList();
            throw new AssertionError(e.getMessage() + "\n" + String.join("\n", quorum.subList(Math.max(0, quorum.size() - 30), quorum.size())), e);
        }
        return line(node, part).orElseThrow();
    }

    private static Optional<String> line(NodeProcess node, String part) {
        return logLines(node).stream().filter(l -> l.contains(part)).findFirst();
    }

    private static int lines(NodeProcess node, String part) {
        return (int) logLines(node).stream().filter(l -> l.contains(part)).count();
    }

    private static List<String> logLines(NodeProcess node) {
        try {
            return node.logLines();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }
}
