package org.ipfailover.checks.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * Configurations that do not check out: one ERROR line per problem naming the configuration and
 * the key, and a check that reports CRITICAL "not configured: …" to the groups it names, never one
 * that is silently gone; an update that does not check out keeps the settings in force.
 */
class CheckConfigurationIT {
    LogLines log;

    @BeforeEach
    void captureLog() {
        log = LogLines.of("org.ipfailover.checks");
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void anHttpCheckWithoutUsableUrlOrStatusesReportsWhyToItsGroups(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = HttpCheckConfig.FACTORY_PID, name = "bad",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(hc.name=http-bad)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("url", "ftp://127.0.0.1/", "expect", "200-abc", "groups", "web")));

        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(check, "no health check for the unusable configuration");
        assertArrayEquals(new String[] {"web"}, (String[]) checks.getServiceReference().getProperty(GroupChecks.GROUPS));
        Result result = check.execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains("not configured: "), result.toString());
        String pid = HttpCheckConfig.FACTORY_PID + "~bad";
        assertEquals(1, log.at(Level.ERROR, pid, "key 'url'", "is not an http:// or https:// address").size(), log.toString());
        assertEquals(1, log.at(Level.ERROR, pid, "key 'expect'", "\"200-abc\" is not a status").size(), log.toString());
    }

    @Test
    void missingKeysAndNumbersBelowTheLeastAreEachOneLine(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = TcpCheckConfig.FACTORY_PID, name = "bare",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(hc.name=tcp-bare)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("interval", "5", "rise", "soon")));

        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(check, "no health check for the unusable configuration");
        String pid = TcpCheckConfig.FACTORY_PID + "~bare";
        assertTrue(log.has(Level.ERROR, pid, "key 'rise': value \"soon\" is not an integer"), log.toString());
        assertTrue(log.has(Level.ERROR, pid, "key 'groups': names no group"), log.toString());
        assertTrue(log.has(Level.ERROR, pid, "key 'interval': value 5 is below the least, 10"), log.toString());
        assertEquals(GroupChecks.DEFAULT_INTERVAL, checks.getServiceReference().getProperty(GroupChecks.INTERVAL));
        Result result = check.execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains("not configured: "), result.toString());
    }

    @Test
    void aScriptCheckWithoutCommandSaysSo(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = ScriptCheckConfig.FACTORY_PID,
                    name = "none", location = "?")) Configuration configuration,
            @InjectService(filter = "(hc.name=script-none)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("groups", "web", "command", "check-web --fast")));

        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(check, "no health check for the unusable configuration");
        assertTrue(log.has(Level.ERROR, ScriptCheckConfig.FACTORY_PID + "~none", "key 'command'", "\"check-web\" is not an absolute path"),
                log.toString());
        assertTrue(check.execute().toString().contains("not configured: "));
    }

    @Test
    void anUpdateThatDoesNotCheckOutKeepsTheSettingsInForce(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = TcpCheckConfig.FACTORY_PID, name = "kept",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(hc.name=tcp-kept)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            configuration.update(new Hashtable<>(Map.of("port", listener.getLocalPort(), "groups", "db")));
            HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
            assertNotNull(check, "no health check for the configuration");

            configuration.update(new Hashtable<>(Map.of("port", 70000, "groups", "db, web")));

            log.await(Level.WARN, "Check tcp-kept keeps its previous configuration");
            assertTrue(log.has(Level.ERROR, "key 'port': value 70000 is not a port"), log.toString());
            assertTrue(check.execute().isOk());
            assertArrayEquals(new String[] {"db"}, (String[]) checks.getServiceReference().getProperty(GroupChecks.GROUPS));
        }
    }
}
