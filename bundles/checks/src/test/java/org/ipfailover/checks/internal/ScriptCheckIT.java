package org.ipfailover.checks.internal;

import org.ipfailover.test.support.Executables;
import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;
import java.util.Map;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.ipfailover.api.GroupChecks;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * The script check in Felix, configured through ConfigAdmin, run through its HealthCheck service,
 * with real programs. Each configuration is injected empty and filled in by the test, since it
 * names the test's temporary folder.
 */
class ScriptCheckIT {
    static final String PID = ScriptCheckConfig.FACTORY_PID;

    @TempDir
    Path base;
    Path folder;
    LogLines log;

    @BeforeEach
    void setUp() throws Exception {
        folder = Executables.folder(base.resolve("checks"));
        log = LogLines.of("org.ipfailover.checks");
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void exitZeroIsOkAndAnyOtherStatusCriticalWithTheLastLine(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "web", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=script-web)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        Path state = folder.resolve("state");
        Files.writeString(state, "0");
        Path program = Executables.script(folder.resolve("check-web"),
                "echo looking\nread status < " + state + "\necho \"status $status for $1\"\nexit $status");
        configuration.update(new Hashtable<>(Map.of("command", program + " 'the web'", "groups", "web, db", "interval", "500")));

        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(check, "no health check for the configuration");
        ServiceReference<HealthCheck> reference = checks.getServiceReference();
        assertArrayEquals(new String[] {GroupChecks.TAG}, (String[]) reference.getProperty(HealthCheck.TAGS));
        assertArrayEquals(new String[] {"web", "db"}, (String[]) reference.getProperty(GroupChecks.GROUPS));
        assertEquals(500, reference.getProperty(GroupChecks.INTERVAL));
        assertEquals(GroupChecks.DEFAULT_TIMEOUT, reference.getProperty(GroupChecks.TIMEOUT));
        assertEquals(GroupChecks.DEFAULT_RISE, reference.getProperty(GroupChecks.RISE));
        assertEquals(GroupChecks.DEFAULT_FALL, reference.getProperty(GroupChecks.FALL));
        Result ok = check.execute();
        assertEquals(Result.Status.OK, ok.getStatus(), ok.toString());
        assertTrue(ok.toString().contains("status 0 for the web"), ok.toString());

        Files.writeString(state, "3");
        Result failed = check.execute();

        assertEquals(Result.Status.CRITICAL, failed.getStatus(), failed.toString());
        assertTrue(failed.toString().contains("status 3 for the web"), failed.toString());
    }

    @Test
    void aProgramPastItsTimeoutIsKilledWithEveryProcessItStartedAndFails(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "hang", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=script-hang)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        Path program = Executables.script(folder.resolve("hang"), "sleep 300 &\necho $! > " + folder.resolve("child.pid")
                + "\necho $$ > " + folder.resolve("script.pid") + "\nwait");
        configuration.update(new Hashtable<>(Map.of("command", program.toString(), "groups", "web", "timeout", "400")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        long start = System.nanoTime();
        Result result = check.execute();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains("timed out after 400 ms"), result.toString());
        assertTrue(millis >= 400 && millis < 1500, millis + " ms");
        for (String pidFile : new String[] {"child.pid", "script.pid"}) {
            awaitTrue(pidFile + " to have ended", () -> Programs.ended(folder.resolve(pidFile)));
        }
    }

    @Test
    void aProgramOthersCanWriteIsRefusedUnlessStrictModesIsOff(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "open", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=script-open)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        Path ran = folder.resolve("ran");
        Path program = Executables.script(folder.resolve("open"), "touch " + ran);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxrwxrwx"));
        configuration.update(new Hashtable<>(Map.of("command", program.toString(), "groups", "web")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        Result refused = check.execute();
        check.execute();

        assertEquals(Result.Status.CRITICAL, refused.getStatus(), refused.toString());
        assertTrue(refused.toString().contains("refusing " + program + ": writable by group or others (rwxrwxrwx)"), refused.toString());
        assertFalse(Files.exists(ran));
        assertEquals(1, log.at(Level.ERROR, "script-open", "refusing " + program).size(), log.toString());

        configuration.update(new Hashtable<>(Map.of("command", program.toString(), "groups", "web", "strictModes", "false")));
        awaitTrue("the check to run the program", () -> check.execute().isOk());
        assertTrue(Files.exists(ran));
    }

    @Test
    void aProgramThatCannotRunIsCritical(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "gone", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=script-gone)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        Path missing = folder.resolve("missing");
        configuration.update(new Hashtable<>(Map.of("command", missing.toString(), "groups", "web")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        Result result = check.execute();

        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains(missing + " is not an executable file"), result.toString());
    }
}
