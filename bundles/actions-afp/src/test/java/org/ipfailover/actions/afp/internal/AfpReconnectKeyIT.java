package org.ipfailover.actions.afp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The AFP action in Felix: dd-plist wired as a bundle, configured through ConfigAdmin, run through its service. */
class AfpReconnectKeyIT {
    static final long TIMEOUT_MILLIS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path folder;

    Configuration configuration;
    Path plist;
    Path location;

    @BeforeEach
    void setUp() throws Exception {
        plist = Plists.writeBinary(folder.resolve("com.apple.AppleFileServer.plist"), Plists.sample("/private/etc/AFP.conf"));
        location = Files.createDirectory(folder.resolve("AFPToken")).resolve("AFP.conf");
        configuration = configAdmin.getConfiguration(AfpConfig.PID, "?");
    }

    @AfterEach
    void tearDown() throws Exception {
        configuration.delete();
    }

    @Test
    void ddPlistIsWiredFromItsOwnBundle() {
        BundleWiring wiring = FrameworkUtil.getBundle(AfpReconnectKeyAction.class).adapt(BundleWiring.class);
        List<BundleWire> wires = wiring.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE);
        BundleWire plistWire = wires.stream().filter(w -> "com.dd.plist".equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .findFirst().orElseThrow(() -> new AssertionError("com.dd.plist is not imported: " + wires));
        assertEquals("com.googlecode.plist.dd-plist", plistWire.getProvider().getSymbolicName());
    }

    @Test
    void theConfiguredActionRelocatesAfterTheServicesStartAndRestoresBeforeTheyStop() throws Exception {
        configuration.update(new Hashtable<>(Map.of("plist", plist.toString(), "reconnectKeyLocation", location.toString(),
                "stateFile", folder.resolve("var/afp.state").toString())));
        ServiceReference<FailoverAction> reference = await();
        FailoverAction action = context.getService(reference);

        assertEquals(100, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals("afp-reconnect-key", action.name());
        assertEquals(Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertEquals(FailoverAction.OnFailure.CONTINUE, action.onFailure());

        ActionResult relocated = run(action, Phase.POST_ACQUIRE);
        assertTrue(relocated.success(), relocated.toString());
        assertEquals(location.toString(), Plists.read(plist).get(ReconnectKey.KEY).toString());

        ActionResult restored = run(action, Phase.PRE_RELEASE);
        assertTrue(restored.success(), restored.toString());
        assertEquals("/private/etc/AFP.conf", Plists.read(plist).get(ReconnectKey.KEY).toString());
    }

    @Test
    void aBadConfigurationIsRegisteredFailingAndRecoversWhenTheFileIsFixed() throws Exception {
        configuration.update(new Hashtable<>(Map.of("plist", plist.toString())));
        ActionResult refused = run(awaitAction(), Phase.POST_ACQUIRE);
        assertFalse(refused.success());
        assertTrue(refused.reason().contains("key 'reconnectKeyLocation': must be set"), refused.reason());

        configuration.update(new Hashtable<>(Map.of("plist", plist.toString(), "reconnectKeyLocation", location.toString(),
                "stateFile", folder.resolve("var/afp.state").toString(), "restoreOnRelease", false)));
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (awaitAction().phases().contains(Phase.PRE_RELEASE)) {
            assertTrue(System.currentTimeMillis() < deadline, "the fixed configuration was not applied");
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertTrue(run(awaitAction(), Phase.POST_ACQUIRE).success());
    }

    /** The current action; a reference found while the component is re-created may yield no service, so look again. */
    private FailoverAction awaitAction() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            FailoverAction action = context.getService(await());
            if (action != null) {
                return action;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the AFP action kept disappearing");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private ServiceReference<FailoverAction> await() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            var found = context.getServiceReferences(FailoverAction.class, "(service.pid=" + AfpConfig.PID + ")");
            if (!found.isEmpty()) {
                return found.iterator().next();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no AFP action was registered");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static ActionResult run(FailoverAction action, Phase phase) throws Exception {
        return action.run(new ActionContext("files", phase, List.of(Vip.parse("en0:198.51.100.20/24")), "pri", "sec", action.timeout()));
    }
}
