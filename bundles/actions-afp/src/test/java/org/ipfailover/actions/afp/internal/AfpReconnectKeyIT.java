package org.ipfailover.actions.afp.internal;

import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * The AFP action in Felix: dd-plist wired as a bundle, configured through ConfigAdmin, run through
 * its service. The configuration is injected empty and removed after the test; the test fills it
 * in, since it names the test's own files.
 */
class AfpReconnectKeyIT {
    @TempDir
    Path folder;

    Path plist;
    Path location;

    @BeforeEach
    void setUp() throws Exception {
        plist = Plists.writeBinary(folder.resolve("com.apple.AppleFileServer.plist"), Plists.sample("/private/etc/AFP.conf"));
        location = Files.createDirectory(folder.resolve("AFPToken")).resolve("AFP.conf");
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
    void theConfiguredActionRelocatesAfterTheServicesStartAndRestoresBeforeTheyStop(
            @InjectConfiguration(withConfig = @WithConfiguration(pid = AfpConfig.PID, location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + AfpConfig.PID + ")", cardinality = 0) ServiceAware<FailoverAction> afp) throws Exception {
        configuration.update(new Hashtable<>(Map.of("plist", plist.toString(), "reconnectKeyLocation", location.toString(),
                "stateFile", folder.resolve("var/afp.state").toString())));
        FailoverAction action = afp.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(action, "no AFP action was registered");
        assertEquals(100, afp.getServiceReference().getProperty(Constants.SERVICE_RANKING));
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
    void aBadConfigurationIsRegisteredFailingAndRecoversWhenTheFileIsFixed(
            @InjectConfiguration(withConfig = @WithConfiguration(pid = AfpConfig.PID, location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + AfpConfig.PID + ")", cardinality = 0) ServiceAware<FailoverAction> afp) throws Exception {
        configuration.update(new Hashtable<>(Map.of("plist", plist.toString())));
        FailoverAction broken = afp.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(broken, "no AFP action was registered");
        ActionResult refused = run(broken, Phase.POST_ACQUIRE);
        assertFalse(refused.success());
        assertTrue(refused.reason().contains("key 'reconnectKeyLocation': must be set"), refused.reason());

        configuration.update(new Hashtable<>(Map.of("plist", plist.toString(), "reconnectKeyLocation", location.toString(),
                "stateFile", folder.resolve("var/afp.state").toString(), "restoreOnRelease", false)));
        FailoverAction fixed = awaitValue("the fixed configuration to be applied", afp::getService,
                action -> action != null && !action.phases().contains(Phase.PRE_RELEASE)); // null while the component is re-created
        assertTrue(run(fixed, Phase.POST_ACQUIRE).success());
    }

    private static ActionResult run(FailoverAction action, Phase phase) throws Exception {
        return action.run(new ActionContext("files", phase, List.of(Vip.parse("en0:198.51.100.20/24")), "pri", "sec", action.timeout()));
    }
}
