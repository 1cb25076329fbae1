package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin promise, proven in the network-namespace lab: bundles come, go and are replaced in a
 * node that holds its group's address, and the address never moves or goes silent for it. Every
 * swap is watched by the client's probe and by {@code ip monitor} on both hosts (see
 * {@link HotSwapRig}); transitions are made on purpose afterwards (release on pri, then recover)
 * to see what the pipeline runs now.
 */
class HotSwapIT {
    static final String ECHO_COMPONENT = "org.example.ipfailover.echo.EchoAction";
    static final List<String> CYCLE = List.of("PRE_RELEASE", "POST_RELEASE", "TEST", "PRE_ACQUIRE", "POST_ACQUIRE");
    static final String ECHO_CFG = "conf/org.example.echo-demo.cfg";
    static final String ECHO_SETTINGS = "file = var/echo.txt\nmessage = hot-swapped\n";
    static final String RESUMED = "resumed holding the group";

    @TempDir
    Path root;

    HotSwapRig rig;

    @BeforeAll
    static void labAvailable() throws Exception {
        NetnsLab.requireLab();
    }

    @AfterEach
    void removeLab() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void examplePluginJoinsChangesAndLeavesWithItsJarWhileTheGroupIsUp() throws Exception {
        Path v1 = ExamplePlugin.built();
        String version1 = ExamplePlugin.version(v1);
        String version2 = ExamplePlugin.nextVersion(version1);
        rig = HotSwapRig.start(root, Duration.ofMinutes(6), lab -> { });
        Path plugin = rig.home().resolve("plugins/echo.jar");
        Path lines = rig.home().resolve("var/echo.txt");
        rig.swap("nothing (baseline)", () -> { }, "nothing", () -> true).assertQuiet();

        rig.swap("example plugin dropped into plugins/ (" + version1 + ")", () -> {
            rig.pri.write(ECHO_CFG, ECHO_SETTINGS);
            ExamplePlugin.drop(v1, plugin);
        }, "the echo action " + version1, () -> rig.componentActive(ECHO_COMPONENT, ExamplePlugin.SYMBOLIC_NAME, version1)).assertQuiet();
        assertFalse(Files.exists(lines), "dropping a plugin in is no transition: nothing ran");
        rig.releaseAndRecover();
        assertEquals(CYCLE.stream().map(p -> version1 + " " + p).toList(), runs(lines, 0), "the next transition runs the new action");

        rig.swap("example plugin replaced by " + version2, () -> ExamplePlugin.writeVersion(v1, version2, plugin),
                "the echo action " + version2, () -> rig.componentActive(ECHO_COMPONENT, ExamplePlugin.SYMBOLIC_NAME, version2))
                .assertQuiet();
        assertEquals(CYCLE.size(), runs(lines, 0).size(), "replacing a plugin is no transition: nothing ran");
        assertTrue(rig.bundleRow(ExamplePlugin.SYMBOLIC_NAME).contains("|" + version2), rig.bundleRow(ExamplePlugin.SYMBOLIC_NAME));
        rig.releaseAndRecover();
        assertEquals(CYCLE.stream().map(p -> version2 + " " + p).toList(), runs(lines, CYCLE.size()), "the new version runs, the old one no more");

        rig.swap("example plugin deleted from plugins/", () -> Files.delete(plugin), "the echo bundle to be uninstalled",
                () -> rig.bundleRow(ExamplePlugin.SYMBOLIC_NAME).isEmpty()).assertQuiet();
        rig.releaseAndRecover();
        assertEquals(List.of(), runs(lines, 2 * CYCLE.size()), "a deleted plugin is out of the next transition");
    }

    @Test
    void updatingTheBackendAndActionBundlesNeverDropsTheAddress() throws Exception {
        Path echo = ExamplePlugin.built();
        String version = ExamplePlugin.version(echo);
        rig = HotSwapRig.start(root, Duration.ofMinutes(6), lab -> {
            Path home = lab.home("pri");
            Files.writeString(home.resolve(ECHO_CFG), ECHO_SETTINGS);
            Files.createDirectories(home.resolve("plugins"));
            ExamplePlugin.drop(echo, home.resolve("plugins/echo.jar"));
            writeShellScripts(home);
        });
        rig.pri.await("the echo action", HotSwapRig.FILEINSTALL,
                () -> rig.componentActive(ECHO_COMPONENT, ExamplePlugin.SYMBOLIC_NAME, version));
        Path jars = Files.createDirectories(root.resolve("jars"));

        long netif = rig.bundleId("org.ipfailover.netif");
        Path netifJar = ExamplePlugin.embedded("org.ipfailover.netif", jars);
        long backendsBound = rig.logCount("Network backend: ");
        rig.swap("netif bundle updated (update " + netif + " <jar>)", () -> rig.ctlOk("update", String.valueOf(netif), netifJar.toUri().toString()),
                "the detector to bind the new backend", () -> count(rig, "Network backend: ") > backendsBound).assertQuiet();

        long shell = rig.bundleId("org.ipfailover.actions.shell");
        String shellVersion = rig.bundleVersion("org.ipfailover.actions.shell");
        Path shellJar = ExamplePlugin.embedded("org.ipfailover.actions.shell", jars);
        rig.swap("actions-shell bundle updated (update " + shell + " <jar>)",
                () -> rig.ctlOk("update", String.valueOf(shell), shellJar.toUri().toString()), "the shell action",
                () -> rig.componentActive("org.ipfailover.actions.shell.internal.ShellAction", "org.ipfailover.actions.shell", shellVersion))
                .assertQuiet();

        long echoId = rig.bundleId(ExamplePlugin.SYMBOLIC_NAME);
        rig.swap("example plugin updated in place (update " + echoId + ")", () -> rig.ctlOk("update", String.valueOf(echoId)),
                "the echo action", () -> rig.componentActive(ECHO_COMPONENT, ExamplePlugin.SYMBOLIC_NAME, version)).assertQuiet();

        // pri's first takeover may have run before the plugins were active: only the lines of this transition count
        Path shellLines = rig.home().resolve("var/shell.txt");
        Path echoLines = rig.home().resolve("var/echo.txt");
        int shellBefore = Files.exists(shellLines) ? Files.readAllLines(shellLines).size() : 0;
        int echoBefore = runs(echoLines, 0).size();
        rig.releaseAndRecover();
        assertEquals(List.of("POST_ACQUIRE 198.51.100.10"), Files.readAllLines(shellLines).stream().skip(shellBefore).toList(),
                "the updated shell bundle runs its scripts");
        assertEquals(CYCLE.stream().map(p -> version + " " + p).toList(), runs(echoLines, echoBefore),
                "the updated example plugin runs");
    }

    @Test
    void restartedDetectorResumesTheGroupItHoldsFromItsJournal() throws Exception {
        rig = HotSwapRig.start(root, Duration.ofMinutes(4), lab -> { });
        Path journal = rig.home().resolve("var/groups.journal");
        assertTrue(Files.readString(journal).contains("web=UP"), Files.readString(journal));
        Path detectorJar = ExamplePlugin.embedded("org.ipfailover.detector", Files.createDirectories(root.resolve("jars")));
        long detector = rig.bundleId("org.ipfailover.detector");

        // both swaps measured before either is judged, so that one run reports both
        // stopped for over three dead times: the heartbeat goes on announcing the group meanwhile
        HotSwapRig.Swap restarted = rig.swap("detector bundle stopped for 1 s and started", () -> {
            rig.ctlOk("stop", String.valueOf(detector));
            rig.awaitAnsweredByPri(HotSwapRig.nowMicros() + 1_000_000);
            rig.ctlOk("start", String.valueOf(detector));
        }, "the detector to hold the group again", () -> upAgain(rig));
        String restartedHistory = rig.pri.ctl("failover:history").out();
        HotSwapRig.Swap updated = rig.swap("detector bundle updated (update " + detector + " <jar>)",
                () -> rig.ctlOk("update", String.valueOf(detector), detectorJar.toUri().toString()),
                "the detector to hold the group again", () -> upAgain(rig));
        String updatedHistory = rig.pri.ctl("failover:history").out();
        assertResumed(restarted, restartedHistory);
        assertResumed(updated, updatedHistory);

        rig.releaseAndRecover();
        assertTrue(Files.readString(journal).contains("web=UP"), Files.readString(journal));
    }

    /** @return "version PHASE" of each line of the echo file after the first {@code skip} */
    private static List<String> runs(Path lines, int skip) throws Exception {
        if (!Files.exists(lines)) {
            return List.of();
        }
        return Files.readAllLines(lines).stream().skip(skip).map(line -> {
            String[] cells = line.split(" ");
            assertEquals(ExamplePlugin.SYMBOLIC_NAME, cells[1], line);
            assertTrue(line.contains(" group=web vips=eth0:198.51.100.10/24 node=pri ") && line.endsWith(" message=hot-swapped"), line);
            return cells[2] + " " + cells[3];
        }).toList();
    }

    /** The restarted detector holds the group again: resumed from its journal, or (the failure to catch) taken back from sec. */
    private static boolean upAgain(HotSwapRig rig) {
        try {
            String history = rig.pri.ctl("failover:history").out();
            return "UP".equals(rig.lab.state("pri")) && "STANDBY".equals(rig.lab.state("sec"))
                    && (history.contains(RESUMED) || history.contains("TAKEOVER"));
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertResumed(HotSwapRig.Swap swap, String history) {
        swap.assertQuiet();
        assertTrue(history.contains(RESUMED), swap.what() + ": the detector did not resume from its journal:\n" + history);
    }

    private static long count(HotSwapRig rig, String text) {
        try {
            return rig.logCount(text);
        } catch (Exception e) {
            return -1;
        }
    }

    /** An Apple-style script folder for the VIP with one PostAcq script, and the shell action pointing at it. */
    private static void writeShellScripts(Path home) throws Exception {
        Path folder = Files.createDirectories(home.resolve("scripts/198.51.100.10"));
        Path script = folder.resolve("PostAcq-record");
        Files.writeString(script, "#!/bin/sh\necho \"$IPFAILOVER_PHASE $IPFAILOVER_PRIMARY_IP\" >> '" + home.resolve("var/shell.txt") + "'\n");
        for (Path path : List.of(script, folder, folder.getParent())) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("conf/org.ipfailover.action.shell-scripts.cfg"), "folder = " + home.resolve("scripts") + "\n");
    }
}
