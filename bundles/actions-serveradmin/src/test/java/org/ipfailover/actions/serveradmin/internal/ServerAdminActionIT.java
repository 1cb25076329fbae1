package org.ipfailover.actions.serveradmin.internal;

import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.answers;
import static org.ipfailover.actions.serveradmin.internal.TestServerAdmin.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The serveradmin action in Felix, configured through ConfigAdmin, run through its service. */
class ServerAdminActionIT {
    static final long TIMEOUT_MILLIS = 10_000;

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin configAdmin;
    @TempDir
    Path dir;

    TestServerAdmin serveradmin;
    Configuration configuration;

    @BeforeEach
    void setUp() throws Exception {
        serveradmin = TestServerAdmin.install(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
        serveradmin.close();
    }

    @Test
    void aConfigurationRegistersAnActionAtRanking200ThatStartsAndStopsTheServices() throws Exception {
        int port = serveradmin.service("web");
        configuration = configAdmin.getFactoryConfiguration(ServerAdminConfig.FACTORY_PID, "web", "?");
        configuration.update(new Hashtable<>(Map.of("services", "web", "command", serveradmin.executable().toString(),
                "startTimeout", "10")));

        ServiceReference<FailoverAction> reference = await("web");
        FailoverAction action = context.getService(reference);

        assertEquals(200, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals("serveradmin:web", action.name());
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        ActionResult started = action.run(context(Phase.POST_ACQUIRE));
        assertTrue(started.success(), started.toString());
        assertTrue(answers(port), "the web service answers after the start");
        ActionResult stopped = action.run(context(Phase.PRE_RELEASE));
        assertTrue(stopped.success(), stopped.toString());
        assertFalse(answers(port), "the web service is gone after the stop");
        context.ungetService(reference);
    }

    @Test
    void anUnknownCommandStillRegistersAnActionThatServesNoPhase() throws Exception {
        configuration = configAdmin.getFactoryConfiguration(ServerAdminConfig.FACTORY_PID, "broken", "?");
        configuration.update(new Hashtable<>(Map.of("services", "web", "command", "launchctl")));

        FailoverAction action = context.getService(await("broken"));

        assertEquals(EnumSet.noneOf(Phase.class), action.phases());
    }

    private ServiceReference<FailoverAction> await(String name) throws Exception {
        String filter = "(" + Constants.SERVICE_PID + "=" + ServerAdminConfig.FACTORY_PID + "~" + name + ")";
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            var references = context.getServiceReferences(FailoverAction.class, filter);
            if (!references.isEmpty()) {
                return references.iterator().next();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no FailoverAction for " + filter);
    }
}
