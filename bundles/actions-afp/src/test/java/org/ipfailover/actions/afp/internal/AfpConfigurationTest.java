package org.ipfailover.actions.afp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.test.support.Configs;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration and plists this node cannot write: one line per problem at configuration time,
 * naming the file and key, and a clear reason from each run; the node stays up.
 */
class AfpConfigurationTest {
    static final String FILE = "/opt/ipfailover/conf/org.ipfailover.action.afp.cfg";

    @TempDir
    Path folder;

    @Test
    void unparsableValuesMakeEveryRunFailWithTheProblems() {
        AfpReconnectKeyAction action = action(Map.of("plist", "Library/Preferences/x.plist", "timeout", "soon"));
        ActionResult result = AfpReconnectKeyActionTest.run(action, Phase.POST_ACQUIRE);
        assertEquals("not configured: " + FILE + ": key 'timeout': value \"soon\" is not an integer (expected int)", result.reason());

        action = action(Map.of("plist", "Library/Preferences/x.plist"));
        result = AfpReconnectKeyActionTest.run(action, Phase.POST_ACQUIRE);
        assertFalse(result.success());
        assertEquals("not configured: " + FILE + ": key 'plist': \"Library/Preferences/x.plist\" is not an absolute path, "
                + "e.g. /Library/Preferences/com.apple.AppleFileServer.plist; " + FILE + ": key 'reconnectKeyLocation': must be set, "
                + "on the shared volume, e.g. /Volumes/AFPToken/AFP.conf", result.reason());
        assertEquals(OnFailure.CONTINUE, action.onFailure());
    }

    /** Works as root too, which writes through any permission bits: nothing can be created below a regular file. */
    @Test
    void aPlistBelowARegularFileIsReportedAndRefused() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("Preferences"), "a file, not a folder");
        Path plist = notAFolder.resolve("com.apple.AppleFileServer.plist");

        assertEquals(List.of(FILE + ": key 'plist': " + notAFolder + " is not an existing folder: com.apple.AppleFileServer.plist "
                + "cannot be read or written there"), hostProblems(plist));
        ActionResult result = AfpReconnectKeyActionTest.run(action(properties(plist)), Phase.POST_ACQUIRE);
        assertFalse(result.success());
        assertTrue(result.reason().startsWith("cannot read " + plist + ": ") && result.reason().endsWith("Not a directory"), result.reason());
    }

    /** A read-only mount refuses root as well: a tmpfs of the test's own, remounted read-only, unmounted at the end. */
    @Test
    void aPlistOnAReadOnlyFilesystemIsReportedAndRefused() throws Exception {
        Needs.root("mounting a read-only tmpfs");
        Path readOnly = Files.createDirectory(folder.resolve("Preferences"));
        Path plist = readOnly.resolve("com.apple.AppleFileServer.plist");
        Thread cleanup = new Thread(() -> run("umount", "-l", readOnly.toString()));
        run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "ipfailover-afp-test", readOnly.toString());
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Plists.writeXml(plist, Plists.sample("/private/etc/AFP.conf"));
            byte[] original = Files.readAllBytes(plist);
            run("mount", "-o", "remount,ro", readOnly.toString());

            assertEquals(List.of(FILE + ": key 'plist': " + plist + " cannot be written (it is read-only for this node)"), hostProblems(plist));
            ActionResult result = AfpReconnectKeyActionTest.run(action(properties(plist)), Phase.POST_ACQUIRE);

            assertFalse(result.success());
            assertEquals(plist + " cannot be written (it is read-only for this node): reconnectKeyLocation not changed", result.reason());
            assertArrayEquals(original, Files.readAllBytes(plist));
            assertFalse(Files.exists(folder.resolve("afp.state")));
        } finally {
            run("umount", readOnly.toString());
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    @Test
    void aFileThatIsNotAPropertyListIsReported() throws Exception {
        Path plist = Files.writeString(folder.resolve("com.apple.AppleFileServer.plist"), "reconnectKeyLocation = /x\n");
        assertEquals(List.of(FILE + ": key 'plist': " + plist + " is neither an XML nor a binary property list"), hostProblems(plist));
        Path missing = folder.resolve("missing.plist");
        assertEquals(List.of(FILE + ": key 'plist': " + missing + " does not exist (is the AFP server set up on this node?)"),
                hostProblems(missing));
    }

    private List<String> hostProblems(Path plist) {
        Map<String, Object> properties = properties(plist);
        ConfigurationCheck check = ConfigurationCheck.of(properties);
        ConfigurationCheck host = ConfigurationCheck.of(properties);
        AfpSettings.of(Configs.of(AfpConfig.class, properties), check, host, Path::of);
        assertEquals(List.of(), check.problems());
        return host.problems();
    }

    private Map<String, Object> properties(Path plist) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("plist", plist.toString());
        properties.put("reconnectKeyLocation", folder.resolve("AFP.conf").toString());
        properties.put("stateFile", folder.resolve("afp.state").toString());
        properties.put(ConfigurationCheck.FILEINSTALL_FILENAME, "file:" + FILE);
        return properties;
    }

    private static AfpReconnectKeyAction action(Map<String, ?> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.put(ConfigurationCheck.FILEINSTALL_FILENAME, "file:" + FILE);
        return new AfpReconnectKeyAction(AfpReconnectKeyActionTest.home(), Configs.of(AfpConfig.class, properties), properties);
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
