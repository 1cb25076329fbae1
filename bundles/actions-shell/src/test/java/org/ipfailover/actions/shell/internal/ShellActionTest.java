package org.ipfailover.actions.shell.internal;

import static org.ipfailover.test.support.Executables.folder;
import static org.ipfailover.test.support.Executables.script;
import static org.ipfailover.actions.shell.internal.Scripts.PRIMARY;
import static org.ipfailover.actions.shell.internal.Scripts.action;
import static org.ipfailover.actions.shell.internal.Scripts.context;
import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.test.support.LogLines;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script folders and service scripts with real executables. */
class ShellActionTest {
    @TempDir
    Path base;
    Path folder;
    final LogLines log = LogLines.of("org.ipfailover.actions.shell");

    @BeforeEach
    void setUp() throws Exception {
        folder = folder(base.resolve(PRIMARY));
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void aPhaseRunsItsScriptsInNameOrder() throws Exception {
        for (String name : List.of("PreAcq-2", "PreAcq_b", "PreAcq-1", "PreAcq_a", "PostAcq-1", "Test")) {
            script(folder.resolve(name), "echo " + name + " >> order.log");
        }
        ShellAction action = action(Map.of("folder", base.toString()));

        ActionResult result = action.run(context(Phase.PRE_ACQUIRE));

        assertTrue(result.success(), result.toString());
        assertEquals(List.of("PreAcq-1", "PreAcq-2", "PreAcq_a", "PreAcq_b"), Files.readAllLines(folder.resolve("order.log")));
        assertTrue(result.reason().contains(PRIMARY + "/PreAcq-1 exited 0"), result.reason());
        assertEquals(EnumSet.allOf(Phase.class), action.phases());
        assertEquals("shell:test", action.name());
    }

    @Test
    void aFailingTestVetoesWithItsOutputAsTheReason() throws Exception {
        script(folder.resolve("Test"), "echo checking the shared disk\necho /Volumes/Data is not mounted >&2\nexit 3");

        ActionResult result = action(Map.of("folder", base.toString(), "onFailure", "continue")).run(context(Phase.TEST));

        assertFalse(result.success());
        assertTrue(result.reason().contains("Test exited 3"), result.reason());
        assertTrue(result.reason().contains("checking the shared disk") && result.reason().contains("/Volumes/Data is not mounted"),
                result.reason());
    }

    @Test
    void scriptsGetTheirContextInTheEnvironmentAndAClosedStdin() throws Exception {
        script(folder.resolve("PostAcq-1"), "cat\nenv | grep ^IPFAILOVER_ | sort > env.txt");

        ActionResult result = action(Map.of("folder", base.toString(), "timeout", 5)).run(context(Phase.POST_ACQUIRE));

        assertTrue(result.success(), result.toString());
        assertEquals(List.of("IPFAILOVER_GROUP=web", "IPFAILOVER_NODE=pri", "IPFAILOVER_PEER=sec", "IPFAILOVER_PHASE=POST_ACQUIRE",
                "IPFAILOVER_PRIMARY_IP=198.51.100.10", "IPFAILOVER_VIPS=eth0:198.51.100.10/24 eth0:2001:db8::10/64"),
                Files.readAllLines(folder.resolve("env.txt")));
    }

    @Test
    void aTimeoutKillsTheScriptAndTheChildItForked() throws Exception {
        script(folder.resolve("PreRel-1"), "sleep 300 &\necho $! > child.pid\necho $$ > script.pid\nwait");
        long start = System.nanoTime();

        ActionResult result = action(Map.of("folder", base.toString(), "timeout", 1)).run(context(Phase.PRE_RELEASE));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(result.success());
        assertTrue(result.reason().contains("PreRel-1 timed out after 1.0 s: killed it and 1 process(es)"), result.reason());
        assertTrue(millis < 3000, millis + " ms");
        for (String pidFile : List.of("child.pid", "script.pid")) {
            long pid = Long.parseLong(Files.readString(folder.resolve(pidFile)).trim());
            awaitTrue(pidFile + ": process " + pid + " to end", () -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        }
    }

    @Test
    void scriptsWritableByOthersAreRefusedUnlessStrictModesIsOff() throws Exception {
        Path script = script(folder.resolve("PostAcq-1"), "touch ran");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));

        ActionResult refused = action(Map.of("folder", base.toString())).run(context(Phase.POST_ACQUIRE));

        assertFalse(refused.success());
        assertTrue(refused.reason().contains("refusing " + script + ": writable by group or others (rwxrwxrwx)"), refused.reason());
        assertFalse(Files.exists(folder.resolve("ran")));
        assertTrue(log.has(Level.ERROR, "refusing " + script));

        ActionResult allowed = action(Map.of("folder", base.toString(), "strictModes", false)).run(context(Phase.POST_ACQUIRE));

        assertTrue(allowed.success(), allowed.toString());
        assertTrue(Files.exists(folder.resolve("ran")));
    }

    @Test
    void aFolderWritableByOthersIsRefused() throws Exception {
        script(folder.resolve("PostAcq-1"), "touch ran");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

        ActionResult refused = action(Map.of("folder", base.toString())).run(context(Phase.POST_ACQUIRE));

        assertFalse(refused.success());
        assertTrue(refused.reason().contains("refusing " + folder + ": writable by group or others"), refused.reason());
        assertFalse(Files.exists(folder.resolve("ran")));
    }

    @Test
    void scriptsOwnedByAnotherUserAreRefused() throws Exception {
        Needs.root("only root can give a file to another user");
        Path script = script(folder.resolve("PostAcq-1"), "touch ran");
        UserPrincipal nobody = script.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(script, nobody);

        ActionResult refused = action(Map.of("folder", base.toString())).run(context(Phase.POST_ACQUIRE));

        assertFalse(refused.success());
        assertTrue(refused.reason().contains("owned by nobody, not by root: chown it"), refused.reason());
        assertFalse(Files.exists(folder.resolve("ran")));
    }

    @Test
    void outputGoesToTheLogLineByLinePrefixedWithTheScriptName() throws Exception {
        script(folder.resolve("PostAcq-1"), "echo starting web\necho started web\necho no certificate, using http >&2");

        action(Map.of("folder", base.toString())).run(context(Phase.POST_ACQUIRE));

        assertTrue(log.has(Level.INFO, PRIMARY + "/PostAcq-1: starting web"));
        assertTrue(log.has(Level.INFO, PRIMARY + "/PostAcq-1: started web"));
        assertTrue(log.has(Level.WARN, PRIMARY + "/PostAcq-1: no certificate, using http"));
    }

    @Test
    void afterAFailureAbortStopsThePhaseAndContinueRunsTheRest() throws Exception {
        script(folder.resolve("PreAcq-1"), "exit 1");
        script(folder.resolve("PreAcq-2"), "touch ran");

        ActionResult aborted = action(Map.of("folder", base.toString())).run(context(Phase.PRE_ACQUIRE));
        assertFalse(aborted.success());
        assertFalse(Files.exists(folder.resolve("ran")));

        ShellAction continuing = action(Map.of("folder", base.toString(), "onFailure", "continue"));
        ActionResult continued = continuing.run(context(Phase.PRE_ACQUIRE));
        assertFalse(continued.success());
        assertEquals(OnFailure.CONTINUE, continuing.onFailure());
        assertTrue(Files.exists(folder.resolve("ran")));
        assertTrue(continued.reason().contains("PreAcq-1 exited 1") && continued.reason().contains("PreAcq-2 exited 0"),
                continued.reason());
    }

    @Test
    void aMissingFolderIsOneLogLineAndRunsNothingSuccessfully() throws Exception {
        Path missing = base.resolve("missing");

        ShellAction action = action(Map.of("folder", missing.toString()));

        assertEquals(1, log.at(Level.WARN, "script folder " + missing + " does not exist").size(), log.toString());
        ActionResult result = action.run(context(Phase.TEST));
        assertTrue(result.success());
        assertEquals("no script folder " + missing.resolve(PRIMARY), result.reason());
    }

    @Test
    void aServiceScriptRunsWithUpAndDown() throws Exception {
        Path script = script(base.resolve("web.sh"), "echo \"$1 $IPFAILOVER_PHASE\" >> " + base.resolve("calls"));
        ShellAction action = action(Map.of("script", script.toString(), "groups", new String[] {"web, files"}));

        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertTrue(action.appliesTo("files"));
        assertFalse(action.appliesTo("mail"));
        assertTrue(action.run(context(Phase.POST_ACQUIRE)).success());
        assertTrue(action.run(context(Phase.TEST)).success());
        ActionResult down = action.run(context(Phase.PRE_RELEASE));

        assertTrue(down.success(), down.toString());
        assertEquals("web.sh down exited 0", down.reason());
        assertEquals(List.of("up POST_ACQUIRE", "down PRE_RELEASE"), Files.readAllLines(base.resolve("calls")));
    }

    @Test
    void aConfigurationThatDoesNotCheckOutIsLoggedPerProblemAndFailsEachPhaseButTest() throws Exception {
        ShellAction action = action(Map.of("timeout", 0, "onFailure", "retry", "script", "relative.sh"));

        assertTrue(log.has(Level.ERROR, "key 'timeout': must be at least 1 second"));
        assertTrue(log.has(Level.ERROR, "key 'onFailure': value \"retry\" is not abort or continue"));
        assertTrue(log.has(Level.ERROR, "key 'script': \"relative.sh\" is not an absolute path"));
        assertEquals(EnumSet.complementOf(EnumSet.of(Phase.TEST)), action.phases(), "a failing Test would veto every takeover");
        assertEquals(OnFailure.CONTINUE, action.onFailure());
        ActionResult refused = action.run(context(Phase.PRE_ACQUIRE));
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: ") && refused.reason().contains("key 'onFailure'"), refused.reason());

        Map<String, Object> good = Scripts.properties(Map.of("folder", base.toString(), "onFailure", "continue"));
        action.configure(Scripts.config(ShellConfig.class, good), good);
        Map<String, Object> bad = Scripts.properties(Map.of("timeout", -1));
        action.configure(Scripts.config(ShellConfig.class, bad), bad);

        assertEquals(EnumSet.allOf(Phase.class), action.phases());
        assertEquals(OnFailure.CONTINUE, action.onFailure());
        assertTrue(log.has(Level.WARN, "keeps its previous configuration"));
    }
}
