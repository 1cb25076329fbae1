package org.ipfailover.actions.serveradmin.internal;

import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.action;
import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.answers;
import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.File;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services that are real HTTP servers, started and stopped through a stand-in serveradmin. */
class ServerAdminActionTest {
    @TempDir
    Path dir;
    TestServerAdmin serveradmin;
    final LogLines log = LogLines.of("org.ipfailover.actions.serveradmin");

    @BeforeEach
    void setUp() throws Exception {
        serveradmin = TestServerAdmin.install(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        log.close();
        serveradmin.close();
    }

    @Test
    void startsTheServiceAfterTheAddressArrivesAndStopsItBeforeItLeaves() throws Exception {
        int port = serveradmin.service("web");
        String path = serveradmin.bin() + File.pathSeparator + System.getenv("PATH");
        ServerAdminAction action = action(Map.of("services", new String[] {"web"}, "command", "serveradmin", "path", path));
        assertFalse(answers(port));

        ActionResult started = action.run(context(Phase.POST_ACQUIRE));

        assertTrue(started.success(), started.toString());
        assertTrue(started.reason().startsWith("web running after "), started.reason());
        assertTrue(answers(port), "the web service answers after the start");
        assertTrue(log.has(Level.INFO, "serveradmin start web: web:state = \"STARTING\""));

        ActionResult stopped = action.run(context(Phase.PRE_RELEASE));

        assertTrue(stopped.success(), stopped.toString());
        assertEquals("web stopped", stopped.reason());
        assertFalse(answers(port), "the web service is gone after the stop");
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertEquals(OnFailure.CONTINUE, action.onFailure());
        assertEquals("serveradmin:test", action.name());
    }

    @Test
    void reportsPerServiceAndStopsInTheReverseOrder() throws Exception {
        int web = serveradmin.service("web");
        int files = serveradmin.service("files");
        ServerAdminAction action = action(Map.of("services", new String[] {"web, missing, files"},
                "command", serveradmin.executable().toString()));

        ActionResult started = action.run(context(Phase.POST_ACQUIRE));

        assertFalse(started.success());
        List<String> reports = List.of(started.reason().split("; "));
        assertEquals(3, reports.size(), started.reason());
        assertTrue(reports.get(0).startsWith("web running"), started.reason());
        assertEquals("missing: serveradmin start missing exited 1: missing: no such service", reports.get(1));
        assertTrue(reports.get(2).startsWith("files running"), started.reason());
        assertTrue(answers(web) && answers(files));

        ActionResult stopped = action.run(context(Phase.PRE_RELEASE));

        assertTrue(stopped.reason().startsWith("files stopped; missing: serveradmin stop missing exited 1"), stopped.reason());
        assertTrue(stopped.reason().endsWith("; web stopped"), stopped.reason());
        assertFalse(answers(web) || answers(files));
    }

    @Test
    void aServiceThatDoesNotRunWithinTheStartTimeoutFails() throws Exception {
        serveradmin.service("web", "no-port");
        ServerAdminAction action = action(Map.of("services", new String[] {"web"},
                "command", serveradmin.executable().toString(), "startTimeout", 1));

        ActionResult started = action.run(context(Phase.POST_ACQUIRE));

        assertFalse(started.success());
        assertTrue(started.reason().matches("web not running within 1 s \\(state: (STOPPED|STARTING)\\)"), started.reason());
    }

    @Test
    void anUnknownCommandIsOneLogLineAndFailsEachRun() throws Exception {
        ServerAdminAction action = action(Map.of("services", new String[] {"web"}, "command", "launchctl"));

        List<String> lines = log.at(Level.ERROR, "key 'command'");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("unknown command \"launchctl\": expected one of [serveradmin, systemctl, service]"));
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        ActionResult refused = action.run(context(Phase.PRE_RELEASE));
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: "), refused.reason());
    }

    @Test
    void aConfigurationThatDoesNotCheckOutIsLoggedPerProblem() {
        action(Map.of("services", new String[] {"web, -rf"}, "startTimeout", 0, "onFailure", "later"));

        assertTrue(log.has(Level.ERROR, "key 'services': \"-rf\" is not a service name"));
        assertTrue(log.has(Level.ERROR, "key 'startTimeout': must be at least 1 second"));
        assertTrue(log.has(Level.ERROR, "key 'onFailure': value \"later\" is not continue or abort"));
        assertTrue(log.has(Level.WARN, "fails each takeover and release until its configuration is fixed"));
    }

    @Test
    void aCommandNotOnThePathIsReportedAtConfigurationAndAtRunTime() throws Exception {
        ServerAdminAction action = action(Map.of("services", new String[] {"web"}, "command", "serveradmin",
                "path", dir.resolve("nowhere").toString()));

        assertTrue(log.has(Level.WARN, "serveradmin is not found on " + dir.resolve("nowhere")));
        ActionResult result = action.run(context(Phase.POST_ACQUIRE));
        assertFalse(result.success());
        assertEquals("serveradmin is not found on " + dir.resolve("nowhere"), result.reason());
    }
}
