package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported node as an operator runs it: a real process, its home, its files, its signals. The
 * tests that leave the node as they found it share one; the others start their own.
 */
class NodeProcessIT {
    static final Duration FILEINSTALL = Duration.ofSeconds(20);

    @TempDir
    static Path sharedHome;

    static NodeProcess shared;

    @TempDir
    Path home;

    NodeProcess node;

    @AfterEach
    void stop() throws Exception {
        if (node != null && node != shared) {
            node.close();
        }
    }

    @AfterAll
    static void stopShared() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    private NodeProcess sharedNode() throws Exception {
        if (shared == null) {
            shared = NodeProcess.start(sharedHome);
        }
        node = shared;
        return shared;
    }

    private NodeProcess ownNode() throws Exception {
        node = NodeProcess.start(home);
        return node;
    }

    @Test
    void everyBundleIsActive() throws Exception {
        sharedNode();
        NodeProcess.Result lb = node.launcherCtl(Map.of(), "lb", "-s");
        assertEquals(0, lb.status(), lb.err());
        List<String> rows = lb.out().lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList();
        assertTrue(rows.size() >= 10, lb.out());
        assertTrue(rows.stream().anyMatch(r -> r.contains("org.ipfailover.console")), lb.out());
        assertTrue(rows.stream().anyMatch(r -> r.contains("org.ipfailover.status")), "the status page's bundle: " + lb.out());
        assertTrue(rows.stream().allMatch(r -> r.split("\\|")[1].trim().equals("Active")), lb.out());
    }

    @Test
    void unknownCommandFailsClearly() throws Exception {
        sharedNode();
        NodeProcess.Result result = node.launcherCtl(Map.of(), "nosuchcommand");
        assertNotEquals(0, result.status());
        assertTrue(result.err().contains("Command not found: nosuchcommand"), result.err());
    }

    @Test
    void bundleDroppedIntoPluginsStartsAndLeavesWithItsJar() throws Exception {
        Path jar = sharedNode().home.resolve("plugins/dropin.jar");
        writeBundle(jar, "org.ipfailover.test.dropin");
        node.await("the dropped bundle to be Active", FILEINSTALL,
                () -> lbRow("org.ipfailover.test.dropin").contains("|Active"));
        Files.delete(jar);
        node.await("the dropped bundle to be uninstalled", FILEINSTALL, () -> lbRow("org.ipfailover.test.dropin").isEmpty());
    }

    @Test
    void cfgFileReconfiguresAComponent() throws Exception {
        ownNode();
        node.write("conf/org.ipfailover.console.cfg", "socket = var/moved.sock\n");
        Path moved = home.resolve("var/moved.sock");
        node.await("the control socket to move", FILEINSTALL, () -> Files.exists(moved));
        NodeProcess.Result echo = node.launcherCtl(Map.of("IPFAILOVER_SOCKET", moved.toString()), "echo", "moved");
        assertEquals(0, echo.status(), echo.err());
        assertEquals("moved", echo.out().strip());
        assertFalse(Files.exists(node.socket()));
    }

    @Test
    void valueOfTheWrongTypeIsOneClearLogLineAndTheNodeKeepsRunning() throws Exception {
        ownNode();
        Path cfg = home.resolve("conf/org.ipfailover.console.cfg");
        node.write("conf/org.ipfailover.console.cfg", "commandTimeout = soon\n");
        node.await("the configuration error in the log", FILEINSTALL, () -> !problemLines(cfg).isEmpty());
        Thread.sleep(1000);
        List<String> problems = problemLines(cfg);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("key 'commandTimeout': value \"soon\" is not an integer (expected int)"),
                problems.get(0));
        assertTrue(node.alive());
        // SCR may still be re-creating the control socket's component for the new configuration: ask until it answers
        node.await("the node to answer ctl", FILEINSTALL, () -> echoes(node));
    }

    private static boolean echoes(NodeProcess node) {
        try {
            NodeProcess.Result echo = node.ctl("echo", "alive");
            if (echo.status() != 0) {
                System.out.println("ctl echo alive: status " + echo.status() + ": " + echo.err().strip());
            }
            return echo.status() == 0 && echo.out().strip().equals("alive");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void sigtermStopsTheNodeCleanly() throws Exception {
        ownNode();
        assertEquals(0, node.terminate());
        assertTrue(node.logLines().stream().anyMatch(l -> l.contains("Node stopped")), node.logLines().toString());
        assertFalse(Files.exists(node.socket()), "the control socket is removed");
        NodeProcess.Result after = node.launcherCtl(Map.of(), "lb");
        assertNotEquals(0, after.status());
        assertTrue(after.err().contains("no node is running"), after.err());
    }

    @Test
    void aConfiguredCheckIsListedByFelixHealthChecks() throws Exception {
        sharedNode();
        String cfg = "conf/org.ipfailover.check.tcp-nodeit.cfg";
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            node.write(cfg, "groups = web\nport = " + listener.getLocalPort() + "\n");
            node.await("hc:exec to list the check", FILEINSTALL, () -> checkRow("tcp-nodeit").contains("OK"));
            String row = checkRow("tcp-nodeit");
            assertTrue(row.contains("connected to 127.0.0.1:" + listener.getLocalPort()), row);
        } finally {
            Files.deleteIfExists(node.home.resolve(cfg));
        }
        node.await("the check to leave with its file", FILEINSTALL, () -> checkRow("tcp-nodeit").isEmpty());
    }

    /** @return the check's row in what {@code hc:exec ipfailover} prints, or empty */
    private String checkRow(String name) {
        try {
            NodeProcess.Result exec = node.ctl("hc:exec", "ipfailover");
            return exec.out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lbRow(String symbolicName) {
        try {
            return node.ctl("lb", "-s").out().lines().filter(l -> l.contains(symbolicName)).findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> problemLines(Path cfg) {
        try {
            return node.logLines().stream().filter(l -> l.contains(cfg.toString())).filter(l -> l.contains("ERROR")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBundle(Path jar, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        Path temp = Files.createTempFile(jar.getParent().getParent(), "bundle", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a bundle with nothing but its manifest is enough to be installed and started
        }
        Files.move(temp, jar);
    }
}
