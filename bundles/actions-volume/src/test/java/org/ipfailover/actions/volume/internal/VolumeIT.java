package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The volume action in Felix: configured through ConfigAdmin, found as a FailoverAction service, run through it. */
class VolumeIT {
    static final long TIMEOUT_MILLIS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path folder;

    final List<Configuration> configurations = new ArrayList<>();
    LoopVolume volume;

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        if (volume != null) {
            volume.close();
        }
    }

    @Test
    void eachConfigurationIsAnActionThatMountsFirstAndUnmountsLast() throws Exception {
        Path data = Files.createDirectory(folder.resolve("data"));
        Path logs = Files.createDirectory(folder.resolve("logs"));
        configure("data", Map.of("volume", "LABEL=data", "mountPoint", data.toString()));
        configure("logs", Map.of("volume", "LABEL=logs", "mountPoint", logs.toString(), "groups", "web",
                // typed, as a .config file or a .cfg whose values are all typed gives it; a plain .cfg gives the String "250"
                Constants.SERVICE_RANKING, 250));

        ServiceReference<FailoverAction> first = await(data);
        ServiceReference<FailoverAction> second = await(logs);
        FailoverAction action = context.getService(first);

        assertEquals(300, first.getProperty(Constants.SERVICE_RANKING));
        assertEquals(250, second.getProperty(Constants.SERVICE_RANKING));
        assertEquals("volume:" + data, action.name());
        assertEquals(Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertEquals(FailoverAction.OnFailure.ABORT, action.onFailure());
        assertEquals(Duration.ofSeconds(60), action.timeout());
        assertFalse(context.getService(second).appliesTo("mail"));
    }

    @Test
    void mountsAndUnmountsARealVolumeThroughTheService() throws Exception {
        volume = LoopVolume.create(folder);
        Path shared = Files.createDirectory(folder.resolve("shared"));
        configure("shared", Map.of("volume", "UUID=" + volume.uuid, "mountPoint", shared.toString(), "type", "ext4"));
        FailoverAction action = context.getService(await(shared));

        ActionResult mounted = run(action, Phase.PRE_ACQUIRE);
        assertTrue(mounted.success(), mounted.toString());
        assertTrue(volume.mountedAt(shared));

        ActionResult unmounted = run(action, Phase.PRE_RELEASE);
        assertTrue(unmounted.success(), unmounted.toString());
        assertFalse(volume.mountedAt(shared));
    }

    @Test
    void aBadConfigurationIsRegisteredFailingAndRecoversWhenTheFileIsFixed() throws Exception {
        Path shared = Files.createDirectory(folder.resolve("shared"));
        Configuration configuration = configure("shared", Map.of("volume", "UUID=zzzz", "mountPoint", shared.toString(), "retries", "x"));
        FailoverAction broken = context.getService(await(shared));

        ActionResult refused = run(broken, Phase.PRE_ACQUIRE);
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: configuration " + configuration.getPid() + ": key 'retries': "),
                refused.reason());

        configuration.update(new Hashtable<>(Map.of("volume", "/dev/ipfailover-nosuchdisk", "mountPoint", shared.toString())));
        awaitTrue("the fixed configuration to be used", () -> {
            ServiceReference<FailoverAction> reference = await(shared);
            FailoverAction action = context.getService(reference);
            if (action == null) {
                return false; // unregistered between lookup and use: the component is being re-created
            }
            try {
                return run(action, Phase.PRE_ACQUIRE).reason().equals("device /dev/ipfailover-nosuchdisk does not exist");
            } finally {
                context.ungetService(reference);
            }
        });
    }

    private Configuration configure(String name, Map<String, ?> values) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(VolumeConfig.FACTORY_PID, name, "?");
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        configurations.add(configuration);
        return configuration;
    }

    private ServiceReference<FailoverAction> await(Path mountPoint) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            Collection<ServiceReference<FailoverAction>> found =
                    context.getServiceReferences(FailoverAction.class, "(mountPoint=" + mountPoint + ")");
            if (!found.isEmpty()) {
                return found.iterator().next();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no action for " + mountPoint + " was registered");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void awaitTrue(String what, Check condition) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static ActionResult run(FailoverAction action, Phase phase) throws Exception {
        return action.run(new ActionContext("web", phase, List.of(Vip.parse("eth0:198.51.100.10/24")), "pri", "sec", action.timeout()));
    }
}
