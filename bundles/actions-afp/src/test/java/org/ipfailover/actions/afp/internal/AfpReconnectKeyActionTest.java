package org.ipfailover.actions.afp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dd.plist.NSString;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Configs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The action on real XML and binary property lists. */
class AfpReconnectKeyActionTest {
    static final String BEFORE = "/private/etc/AFP.conf";

    @TempDir
    Path folder;

    Path preferences;
    Path shared;
    Path location;
    Path state;

    @BeforeEach
    void setUp() throws Exception {
        preferences = Files.createDirectory(folder.resolve("Preferences"));
        shared = Files.createDirectory(folder.resolve("AFPToken"));
        location = shared.resolve("AFP.conf");
        state = folder.resolve("var/afp.state");
    }

    @Test
    void setsTheKeyInAnXmlPlistKeepingEverythingElse() throws Exception {
        Path plist = Plists.writeXml(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        byte[] original = Files.readAllBytes(plist);

        ActionResult result = run(action(plist), Phase.POST_ACQUIRE);

        assertTrue(result.success(), result.toString());
        assertEquals("reconnectKeyLocation set to " + location + " (was " + BEFORE + ") in " + plist + ", XML kept; the file before is "
                + plist + ".ipfailover-backup", result.reason());
        assertTrue(Files.readString(plist).startsWith("<?xml"));
        assertEquals(Plists.expected(original, location.toString()), Plists.content(plist));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(plist)));
        assertArrayEquals(original, Files.readAllBytes(Path.of(plist + ".ipfailover-backup")));
        assertNoTemporaryFiles();
    }

    @Test
    void setsTheKeyInABinaryPlistKeepingItBinary() throws Exception {
        Path plist = Plists.writeBinary(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        byte[] original = Files.readAllBytes(plist);

        ActionResult result = run(action(plist), Phase.POST_ACQUIRE);

        assertTrue(result.success() && result.reason().contains("binary kept"), result.toString());
        assertEquals("bplist", new String(Files.readAllBytes(plist), 0, 6, StandardCharsets.US_ASCII));
        assertEquals(Plists.expected(original, location.toString()), Plists.content(plist));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(plist)));
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        Path plist = Plists.writeBinary(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        AfpReconnectKeyAction action = action(plist);
        assertTrue(run(action, Phase.POST_ACQUIRE).success());
        Path backup = Path.of(plist + ".ipfailover-backup");
        FileTime written = Files.getLastModifiedTime(plist);
        FileTime backedUp = Files.getLastModifiedTime(backup);
        byte[] bytes = Files.readAllBytes(plist);

        ActionResult again = run(action, Phase.POST_ACQUIRE);

        assertEquals(ActionResult.ok("afp-reconnect-key", "reconnectKeyLocation was already " + location), again);
        assertEquals(written, Files.getLastModifiedTime(plist));
        assertEquals(backedUp, Files.getLastModifiedTime(backup));
        assertArrayEquals(bytes, Files.readAllBytes(plist));
    }

    @Test
    void releaseRestoresThePreviousValueEvenAfterARestart() throws Exception {
        Path plist = Plists.writeXml(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        byte[] original = Files.readAllBytes(plist);
        assertTrue(run(action(plist), Phase.POST_ACQUIRE).success());
        assertTrue(Files.readString(state).contains("previous=" + BEFORE));

        AfpReconnectKeyAction restarted = action(plist);
        ActionResult restored = run(restarted, Phase.PRE_RELEASE);

        assertEquals("reconnectKeyLocation restored to " + BEFORE + " in " + plist, restored.reason());
        assertEquals(Plists.expected(original, BEFORE), Plists.content(plist));
        assertTrue(Files.readString(plist).startsWith("<?xml"));
        assertFalse(Files.exists(state));
        assertEquals("nothing to restore: this node did not change reconnectKeyLocation", run(restarted, Phase.PRE_RELEASE).reason());
    }

    @Test
    void aKeyThatWasNotSetIsRemovedAgainOnRelease() throws Exception {
        Path plist = Plists.writeBinary(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(null));
        byte[] original = Files.readAllBytes(plist);
        AfpReconnectKeyAction action = action(plist);

        assertTrue(run(action, Phase.POST_ACQUIRE).reason().contains("(it was not set)"));
        assertEquals(new NSString(location.toString()), Plists.read(plist).get(ReconnectKey.KEY));
        ActionResult removed = run(action, Phase.PRE_RELEASE);

        assertTrue(removed.reason().startsWith("reconnectKeyLocation removed again"), removed.reason());
        assertEquals(Plists.expected(original, null), Plists.content(plist));
        assertEquals("bplist", new String(Files.readAllBytes(plist), 0, 6, StandardCharsets.US_ASCII));
    }

    @Test
    void aValueChangedSinceTheTakeoverIsLeftAlone() throws Exception {
        Path plist = Plists.writeXml(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        AfpReconnectKeyAction action = action(plist);
        assertTrue(run(action, Phase.POST_ACQUIRE).success());
        Plists.writeXml(plist, Plists.sample("/Volumes/Other/AFP.conf"));
        String changed = Plists.content(plist);

        ActionResult release = run(action, Phase.PRE_RELEASE);

        assertTrue(release.success());
        assertEquals("reconnectKeyLocation is /Volumes/Other/AFP.conf now, not " + location + " as set at takeover: left as it is",
                release.reason());
        assertEquals(changed, Plists.content(plist));
    }

    @Test
    void refusesWhileTheSharedLocationIsMissing() throws Exception {
        Path plist = Plists.writeXml(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        byte[] original = Files.readAllBytes(plist);
        Files.delete(shared);

        ActionResult refused = run(action(plist), Phase.POST_ACQUIRE);

        assertFalse(refused.success());
        assertEquals("the shared location's folder " + shared + " does not exist now (is the shared volume mounted?): "
                + "reconnectKeyLocation not changed", refused.reason());
        assertArrayEquals(original, Files.readAllBytes(plist));
        assertFalse(Files.exists(Path.of(plist + ".ipfailover-backup")));
        assertFalse(Files.exists(state));
    }

    @Test
    void withoutRestoreOnReleaseTheReleaseIsNotServed() throws Exception {
        Path plist = Plists.writeXml(preferences.resolve("com.apple.AppleFileServer.plist"), Plists.sample(BEFORE));
        Map<String, Object> properties = properties(plist);
        properties.put("restoreOnRelease", "false");
        AfpReconnectKeyAction action = new AfpReconnectKeyAction(home(), Configs.of(AfpConfig.class, properties), properties);
        assertEquals(java.util.Set.of(Phase.POST_ACQUIRE), action.phases());
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(preferences)) {
            assertEquals(List.of("com.apple.AppleFileServer.plist", "com.apple.AppleFileServer.plist.ipfailover-backup"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    AfpReconnectKeyAction action(Path plist) {
        Map<String, Object> properties = properties(plist);
        return new AfpReconnectKeyAction(home(), Configs.of(AfpConfig.class, properties), properties);
    }

    Map<String, Object> properties(Path plist) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("plist", plist.toString());
        properties.put("reconnectKeyLocation", location.toString());
        properties.put("stateFile", state.toString());
        properties.put("service.pid", AfpConfig.PID);
        return properties;
    }

    /** A bundle context that knows no node home: relative paths resolve against the working folder. */
    static BundleContext home() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> null);
    }

    static ActionResult run(AfpReconnectKeyAction action, Phase phase) {
        return action.run(new ActionContext("files", phase, List.of(Vip.parse("en0:198.51.100.20/24")), "pri", "sec", Duration.ofSeconds(10)));
    }
}
