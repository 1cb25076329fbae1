package org.ipfailover.actions.serveradmin.internal;

import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.answers;
import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * The serveradmin action in Felix, configured through ConfigAdmin, run through its service. A
 * configuration that names the test's own serveradmin is injected empty and filled in by the test;
 * one that names nothing of the test's is declared.
 */
class ServerAdminActionIT {
    @TempDir
    Path dir;

    TestServerAdmin serveradmin;

    @BeforeEach
    void setUp() throws Exception {
        serveradmin = TestServerAdmin.install(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        serveradmin.close();
    }

    @Test
    void aConfigurationRegistersAnActionAtRanking200ThatStartsAndStopsTheServices(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = ServerAdminConfig.FACTORY_PID, name = "web",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + ServerAdminConfig.FACTORY_PID + "~web)", cardinality = 0) ServiceAware<FailoverAction> web)
            throws Exception {
        int port = serveradmin.service("web");
        configuration.update(new Hashtable<>(Map.of("services", "web", "command", serveradmin.executable().toString(),
                "startTimeout", "10")));

        FailoverAction action = web.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(action, "no action for the configuration");
        assertEquals(200, web.getServiceReference().getProperty(Constants.SERVICE_RANKING));
        assertEquals("serveradmin:web", action.name());
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        ActionResult started = action.run(context(Phase.POST_ACQUIRE));
        assertTrue(started.success(), started.toString());
        assertTrue(answers(port), "the web service answers after the start");
        ActionResult stopped = action.run(context(Phase.PRE_RELEASE));
        assertTrue(stopped.success(), stopped.toString());
        assertFalse(answers(port), "the web service is gone after the stop");
    }

    @Test
    @WithFactoryConfiguration(factoryPid = ServerAdminConfig.FACTORY_PID, name = "broken", location = "?", properties = {
            @Property(key = "services", value = "web"), @Property(key = "command", value = "launchctl")})
    void anUnknownCommandRegistersAnActionThatFailsItsPhasesInEveryGroup(
            @InjectService(filter = "(service.pid=" + ServerAdminConfig.FACTORY_PID + "~broken)", timeout = 10_000) FailoverAction action)
            throws Exception {
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertTrue(action.appliesTo("any group"));
        ActionResult refused = action.run(context(Phase.POST_ACQUIRE));
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: ") && refused.reason().contains("unknown command"), refused.reason());
    }
}
