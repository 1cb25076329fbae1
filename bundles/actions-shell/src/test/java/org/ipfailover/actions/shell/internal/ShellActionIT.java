package org.ipfailover.actions.shell.internal;

import static org.ipfailover.actions.shell.internal.Scripts.PRIMARY;
import static org.ipfailover.actions.shell.internal.Scripts.context;
import static org.ipfailover.actions.shell.internal.Scripts.folder;
import static org.ipfailover.actions.shell.internal.Scripts.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
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

/** The shell action in Felix, configured through ConfigAdmin, run through its service. */
class ShellActionIT {
    static final long TIMEOUT_MILLIS = 10_000;

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin configAdmin;
    @TempDir
    Path base;

    final List<Configuration> configurations = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
    }

    @Test
    void aScriptFolderConfigurationRegistersAnActionForEveryPhaseAtRanking250() throws Exception {
        Path folder = folder(base.resolve(PRIMARY));
        script(folder.resolve("Test"), "echo Test >> order.log");
        script(folder.resolve("PreAcq-2"), "echo PreAcq-2 >> order.log");
        script(folder.resolve("PreAcq-1"), "echo \"PreAcq-1 $IPFAILOVER_GROUP\" >> order.log");
        configure("folders", Map.of("folder", base.toString(), "timeout", "5"));

        ServiceReference<FailoverAction> reference = await("folders");
        FailoverAction action = context.getService(reference);

        assertEquals(250, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals("shell:folders", action.name());
        assertEquals(EnumSet.allOf(Phase.class), action.phases());
        assertTrue(action.run(context(Phase.TEST)).success());
        assertTrue(action.run(context(Phase.PRE_ACQUIRE)).success());
        assertEquals(List.of("Test", "PreAcq-1 web", "PreAcq-2"), Files.readAllLines(folder.resolve("order.log")));
        context.ungetService(reference);
    }

    @Test
    void aServiceScriptConfigurationServesUpAndDownAtItsOwnRanking() throws Exception {
        Path script = script(base.resolve("web.sh"), "echo $1 >> " + base.resolve("calls"));
        configure("service", Map.of("script", script.toString(), Constants.SERVICE_RANKING, 300, "groups", "web"));

        ServiceReference<FailoverAction> reference = await("service");
        FailoverAction action = context.getService(reference);

        assertEquals(300, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertFalse(action.appliesTo("files"));
        ActionResult up = action.run(context(Phase.POST_ACQUIRE));
        ActionResult down = action.run(context(Phase.PRE_RELEASE));
        assertTrue(up.success() && down.success(), up + ", " + down);
        assertEquals(List.of("up", "down"), Files.readAllLines(base.resolve("calls")));
        context.ungetService(reference);
    }

    @Test
    void anUnusableConfigurationStillRegistersAndServesNoPhaseUntilFixed() throws Exception {
        Configuration configuration = configure("broken", Map.of("folder", base.toString(), "timeout", "soon"));
        FailoverAction action = context.getService(await("broken"));
        assertEquals(EnumSet.noneOf(Phase.class), action.phases());

        configuration.update(new Hashtable<>(Map.of("folder", base.toString(), "timeout", "5")));

        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (action.phases().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(EnumSet.allOf(Phase.class), action.phases());
    }

    private ServiceReference<FailoverAction> await(String name) throws Exception {
        String filter = "(" + Constants.SERVICE_PID + "=" + ShellConfig.FACTORY_PID + "~" + name + ")";
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

    private Configuration configure(String name, Map<String, Object> values) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(ShellConfig.FACTORY_PID, name, "?");
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        configurations.add(configuration);
        return configuration;
    }
}
