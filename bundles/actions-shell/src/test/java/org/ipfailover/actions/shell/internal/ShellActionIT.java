package org.ipfailover.actions.shell.internal;

import static org.ipfailover.test.support.Executables.folder;
import static org.ipfailover.test.support.Executables.script;
import static org.ipfailover.actions.shell.internal.Scripts.PRIMARY;
import static org.ipfailover.actions.shell.internal.Scripts.context;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/**
 * The shell action in Felix, configured through ConfigAdmin, run through its service. Each
 * configuration is injected empty and removed after the test; the test fills it in, since it
 * names the test's temporary folder.
 */
class ShellActionIT {
    @TempDir
    Path base;

    @Test
    void aScriptFolderConfigurationRegistersAnActionForEveryPhaseAtRanking250(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = ShellConfig.FACTORY_PID, name = "folders",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + ShellConfig.FACTORY_PID + "~folders)", cardinality = 0) ServiceAware<FailoverAction> folders)
            throws Exception {
        Path folder = folder(base.resolve(PRIMARY));
        script(folder.resolve("Test"), "echo Test >> order.log");
        script(folder.resolve("PreAcq-2"), "echo PreAcq-2 >> order.log");
        script(folder.resolve("PreAcq-1"), "echo \"PreAcq-1 $IPFAILOVER_GROUP\" >> order.log");
        configuration.update(new Hashtable<>(Map.of("folder", base.toString(), "timeout", "5")));

        FailoverAction action = folders.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(action, "no action for the configuration");
        assertEquals(250, folders.getServiceReference().getProperty(Constants.SERVICE_RANKING));
        assertEquals("shell:folders", action.name());
        assertEquals(EnumSet.allOf(Phase.class), action.phases());
        assertTrue(action.run(context(Phase.TEST)).success());
        assertTrue(action.run(context(Phase.PRE_ACQUIRE)).success());
        assertEquals(List.of("Test", "PreAcq-1 web", "PreAcq-2"), Files.readAllLines(folder.resolve("order.log")));
    }

    @Test
    void aServiceScriptConfigurationServesUpAndDownAtItsOwnRanking(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = ShellConfig.FACTORY_PID, name = "service",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + ShellConfig.FACTORY_PID + "~service)", cardinality = 0) ServiceAware<FailoverAction> service)
            throws Exception {
        Path script = script(base.resolve("web.sh"), "echo $1 >> " + base.resolve("calls"));
        configuration.update(new Hashtable<>(Map.of("script", script.toString(), Constants.SERVICE_RANKING, 300, "groups", "web")));

        FailoverAction action = service.waitForService(Await.TIMEOUT.toMillis());

        assertNotNull(action, "no action for the configuration");
        assertEquals(300, service.getServiceReference().getProperty(Constants.SERVICE_RANKING));
        assertEquals(EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertFalse(action.appliesTo("files"));
        ActionResult up = action.run(context(Phase.POST_ACQUIRE));
        ActionResult down = action.run(context(Phase.PRE_RELEASE));
        assertTrue(up.success() && down.success(), up + ", " + down);
        assertEquals(List.of("up", "down"), Files.readAllLines(base.resolve("calls")));
    }

    @Test
    void anUnusableConfigurationFailsEveryPhaseButTestUntilFixed(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = ShellConfig.FACTORY_PID, name = "broken",
                    location = "?")) Configuration configuration,
            @InjectService(filter = "(service.pid=" + ShellConfig.FACTORY_PID + "~broken)", cardinality = 0) ServiceAware<FailoverAction> broken)
            throws Exception {
        configuration.update(new Hashtable<>(Map.of("folder", base.toString(), "timeout", "soon")));
        FailoverAction action = broken.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(action, "no action for the unusable configuration");
        assertEquals(EnumSet.complementOf(EnumSet.of(Phase.TEST)), action.phases());
        assertTrue(action.appliesTo("any group"));
        ActionResult refused = action.run(context(Phase.POST_ACQUIRE));
        assertFalse(refused.success());
        assertTrue(refused.reason().startsWith("not configured: ") && refused.reason().contains("key 'timeout'"), refused.reason());

        configuration.update(new Hashtable<>(Map.of("folder", base.toString(), "timeout", "5")));

        Set<Phase> phases = awaitValue("the fixed configuration to be used", action::phases, served -> served.contains(Phase.TEST));
        assertEquals(EnumSet.allOf(Phase.class), phases);
    }
}
