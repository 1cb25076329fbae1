package org.ipfailover.actions.volume.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * The volume action in Felix: configured through ConfigAdmin, found as a FailoverAction service, run
 * through it. Each configuration is injected empty and removed after the test; the test fills it
 * in, since it names the test's own folders and volume.
 */
class VolumeIT {
    @TempDir
    Path folder;

    LoopVolume volume;

    @AfterEach
    void tearDown() throws Exception {
        if (volume != null) {
            volume.close();
        }
    }

    @Test
    void eachConfigurationIsAnActionThatMountsFirstAndUnmountsLast(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = VolumeConfig.FACTORY_PID, name = "data",
                    location = "?")) Configuration dataConfiguration,
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = VolumeConfig.FACTORY_PID, name = "logs",
                    location = "?")) Configuration logsConfiguration,
            @InjectService(filter = "(service.pid=" + VolumeConfig.FACTORY_PID + "~data)", cardinality = 0) ServiceAware<FailoverAction> data,
            @InjectService(filter = "(service.pid=" + VolumeConfig.FACTORY_PID + "~logs)", cardinality = 0) ServiceAware<FailoverAction> logs)
            throws Exception {
        Path dataFolder = Files.createDirectory(folder.resolve("data"));
        Path logsFolder = Files.createDirectory(folder.resolve("logs"));
        dataConfiguration.update(new Hashtable<>(Map.of("volume", "LABEL=data", "mountPoint", dataFolder.toString())));
        logsConfiguration.update(new Hashtable<>(Map.of("volume", "LABEL=logs", "mountPoint", logsFolder.toString(), "groups", "web",
                // typed, as a .config file or a .cfg whose values are all typed gives it; a plain .cfg gives the String "250"
                Constants.SERVICE_RANKING, 250)));

        FailoverAction action = data.waitForService(Await.TIMEOUT.toMillis());
        FailoverAction second = logs.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(action, "no action for data");
        assertNotNull(second, "no action for logs");
        assertEquals(300, data.getServiceReference().getProperty(Constants.SERVICE_RANKING));
        assertEquals(250, logs.getServiceReference().getProperty(Constants.SERVICE_RANKING));
        assertEquals("volume:" + dataFolder, action.name());
        assertEquals(Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertEquals(FailoverAction.OnFailure.ABORT, action.onFailure());
        assertEquals(Duration.ofSeconds(60), action.timeout());
        assertFalse(second.appliesTo("mail"));
    }

    @Test
    void mountsAndUnmountsARealVolumeThroughTheService(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = VolumeConfig.FACTORY_PID, name = "shared",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + VolumeConfig.FACTORY_PID + "~shared)", cardinality = 0) ServiceAware<FailoverAction> shared)
            throws Exception {
        volume = LoopVolume.create(folder);
        Path mountPoint = Files.createDirectory(folder.resolve("shared"));
        configuration.update(new Hashtable<>(Map.of("volume", "UUID=" + volume.uuid, "mountPoint", mountPoint.toString(), "type", "ext4")));
        FailoverAction action = shared.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(action, "no action for the configuration");

        ActionResult mounted = run(action, Phase.PRE_ACQUIRE);
        assertTrue(mounted.success(), mounted.toString());
        assertTrue(volume.mountedAt(mountPoint));

        ActionResult unmounted = run(action, Phase.PRE_RELEASE);
        assertTrue(unmounted.success(), unmounted.toString());
        assertFalse(volume.mountedAt(mountPoint));
    }

    @Test
    void aBadConfigurationIsRegisteredFailingAndRecoversWhenTheFileIsFixed(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = VolumeConfig.FACTORY_PID, name = "shared",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + VolumeConfig.FACTORY_PID + "~shared)", cardinality = 0) ServiceAware<FailoverAction> shared)
            throws Exception {
        Path mountPoint = Files.createDirectory(folder.resolve("shared"));
        configuration.update(new Hashtable<>(Map.of("volume", "UUID=zzzz", "mountPoint", mountPoint.toString(), "retries", "x")));
        FailoverAction broken = shared.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(broken, "no action for the broken configuration");

        ActionResult refused = run(broken, Phase.PRE_ACQUIRE);
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: configuration " + configuration.getPid() + ": key 'retries': "),
                refused.reason());

        configuration.update(new Hashtable<>(Map.of("volume", "/dev/ipfailover-nosuchdisk", "mountPoint", mountPoint.toString())));
        awaitTrue("the fixed configuration to be used", () -> {
            FailoverAction action = shared.getService(); // null while the component is re-created
            return action != null && run(action, Phase.PRE_ACQUIRE).reason().equals("device /dev/ipfailover-nosuchdisk does not exist");
        });
    }

    private static ActionResult run(FailoverAction action, Phase phase) throws Exception {
        return action.run(new ActionContext("web", phase, List.of(Vip.parse("eth0:198.51.100.10/24")), "pri", "sec", action.timeout()));
    }
}
