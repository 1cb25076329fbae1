package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.test.common.annotation.InjectService;

/**
 * The key check with the real ConfigAdmin, Declarative Services and metatype, against the shell and
 * AFP actions' configurations: their components publish their configuration as service properties,
 * where a key spelt in another case beside its default would make two.
 */
class ConfigurationKeyCheckIT extends GogoSuite {
    static final String SHELL = "org.ipfailover.action.shell";
    static final String AFP = "org.ipfailover.action.afp";

    @InjectService
    MetaTypeService metatype;


    LogLines log;
    final List<Configuration> made = new ArrayList<>();
    final List<ServiceEvent> modified = new ArrayList<>();
    final List<ServiceReference<?>> held = new ArrayList<>();
    ServiceListener listener;

    @BeforeEach
    void captureLog() {
        log = LogLines.of(ConfigurationKeyCheck.class);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (listener != null) {
            context.removeServiceListener(listener);
        }
        held.forEach(context::ungetService);
        for (Configuration configuration : made) {
            configuration.delete();
        }
        log.close();
    }

    @Test
    void declarativeServicesGivesComponentsWhatAConfigurationPluginMade() throws Exception {
        String name = unique("processed");
        Hashtable<String, Object> pluginProperties = new Hashtable<>(Map.of(ConfigurationPlugin.CM_RANKING, 950));
        ServiceRegistration<ConfigurationPlugin> plugin = context.registerService(ConfigurationPlugin.class, (reference, properties) -> {
            if (name.equals(properties.get("name"))) {
                properties.put("ipfailover.test.processed", "yes");
            }
        }, pluginProperties);
        try {
            shell(name, Map.of("name", name));

            awaitAction("(&(name=" + name + ")(ipfailover.test.processed=yes))");
        } finally {
            plugin.unregister();
        }
    }

    @Test
    void aMisspeltKeyOfAFactoryConfigurationIsOneLineNamingTheFileAndTheClosestKey() throws Exception {
        String name = unique("typo");
        Path file = dir.resolve(SHELL + "-" + name + ".cfg");
        Configuration configuration = shell(name, Map.of("name", name, "timout", "5",
                ConfigurationCheck.FILEINSTALL_FILENAME, file.toUri().toString()));
        ServiceReference<FailoverAction> action = awaitAction("(name=" + name + ")");
        watchModified(action);

        configuration.update(configuration.getProperties());
        awaitModified(1);

        assertEquals(List.of(file + ": key 'timout' is not a key of " + SHELL + ": did you mean 'timeout'?"), lines("'timout'"));
        assertEquals(List.of(), log.at(Level.ERROR, "'timout'"), "a warning, not an error");
    }

    @Test
    void aMisspeltKeyOfASinglePidIsOneLine() throws Exception {
        Configuration configuration = configAdmin.getConfiguration(AFP, "?");
        made.add(configuration);
        configuration.update(new Hashtable<>(Map.of("restoreOnRelase", "false", "stateFile", dir.resolve("afp.state").toString())));
        awaitAction("(" + Constants.SERVICE_PID + "=" + AFP + ")");

        awaitLine("'restoreOnRelase'");
        assertEquals(List.of("configuration " + AFP + ": key 'restoreOnRelase' is not a key of " + AFP
                + ": did you mean 'restoreOnRelease'?"), lines("'restoreOnRelase'"));
    }

    @Test
    void aKeySpeltInAnotherCaseAtFirstLeavesTheKeyAtItsDefaultAndTheServiceRegistered() throws Exception {
        String name = unique("case-first");
        shell(name, Map.of("name", name, "Timeout", "5"));

        ServiceReference<FailoverAction> reference = awaitAction("(name=" + name + ")");

        assertEquals(List.of("timeout"), Arrays.stream(reference.getPropertyKeys()).filter("timeout"::equalsIgnoreCase).toList(),
                "one spelling of the key among the service's properties");
        assertEquals(Duration.ofSeconds(60).plus(Duration.ofSeconds(2)), service(reference).timeout());
        assertEquals(List.of("configuration " + SHELL + "~" + name + ": key 'Timeout' is not a key of " + SHELL
                + ": keys are case-sensitive, write 'timeout'; until then timeout keeps its default"), lines("'Timeout'"));
    }

    @Test
    void aKeySpeltInAnotherCaseInAnUpdateLeavesThePreviousConfigurationInForce() throws Exception {
        String name = unique("case-update");
        Configuration configuration = shell(name, Map.of("name", name, "timeout", "30", "groups", "web"));
        ServiceReference<FailoverAction> reference = awaitAction("(&(name=" + name + ")(timeout=30))");
        Object serviceId = reference.getProperty(Constants.SERVICE_ID);
        FailoverAction action = service(reference);
        watchModified(reference);

        configuration.update(new Hashtable<>(Map.of("name", name, "Timeout", "5", "groups", "db")));
        awaitModified(1);

        ServiceReference<FailoverAction> after = awaitAction("(name=" + name + ")");
        assertEquals(serviceId, after.getProperty(Constants.SERVICE_ID), "the same service, never unregistered");
        assertEquals("30", after.getProperty("timeout"));
        assertEquals(Duration.ofSeconds(32), action.timeout());
        assertTrue(action.appliesTo("web") && !action.appliesTo("db"), "the previous groups");
        assertEquals(1, lines("'Timeout'").size(), log.toString());
        assertTrue(lines("'Timeout'").get(0).endsWith("write 'timeout'; until then its previous configuration stays in force"),
                lines("'Timeout'").get(0));
    }

    @Test
    void configShowsARejectedValueAndTheValueInForce() throws Exception {
        String name = unique("report");
        Configuration configuration = shell(name, Map.of("name", name, "timeout", "30"));
        ServiceReference<FailoverAction> reference = awaitAction("(&(name=" + name + ")(timeout=30))");
        FailoverAction action = service(reference);
        watchModified(reference);

        configuration.update(new Hashtable<>(Map.of("name", name, "timeout", "soon", "timout", "5")));
        awaitModified(1);

        assertEquals(Duration.ofSeconds(32), action.timeout(), "the action refused the value");
        String out = instance(config(), name);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("! timeout ") && l.contains("soon  [rejected: value \"soon\" is not an integer "
                + "(expected int); in force: 30]")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("? timout ") && l.contains("did you mean 'timeout'?")), out);
    }

    @Test
    void configShowsAKeySpeltInAnotherCaseAsRejectedAndThePreviousValuesInForce() throws Exception {
        String name = unique("report-case");
        Configuration configuration = shell(name, Map.of("name", name, "timeout", "30"));
        ServiceReference<FailoverAction> reference = awaitAction("(&(name=" + name + ")(timeout=30))");
        watchModified(reference);

        configuration.update(new Hashtable<>(Map.of("name", name, "Timeout", "5", "strictModes", "false")));
        awaitModified(1);

        String out = instance(config(), name);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("! Timeout ") && l.contains("5  [rejected: keys are case-sensitive, "
                + "write 'timeout']")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("! timeout ") && l.contains("60  [in force: 30]")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("! strictModes ") && l.contains("false  [in force: true]")), out);
    }

    @Test
    void configSaysARejectedValueIsNotInForceWhenItNeverSawOneInForce() {
        Map<String, Object> values = Map.of("timeout", "soon");
        MetatypeIndex index = MetatypeIndex.of(context.getBundles(), metatype);
        String out = new ConfigReport(index).render(new Configuration[] {fake(SHELL + "~never", SHELL, values)});

        assertTrue(out.lines().anyMatch(l -> l.startsWith("! timeout ") && l.contains("soon  [rejected: value \"soon\" is not an integer "
                + "(expected int)]")), out);
        assertTrue(out.contains(ConfigReport.NOT_IN_FORCE), out);
    }

    private Configuration shell(String name, Map<String, Object> properties) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(SHELL, name, "?");
        made.add(configuration);
        configuration.update(new Hashtable<>(properties));
        return configuration;
    }

    private String config() {
        Commands.Result config = Commands.gogo(processor, "failover:config");
        assertEquals(0, config.status(), config.text());
        return config.out();
    }

    /** @return the part of failover:config about one shell action */
    private static String instance(String out, String name) {
        int start = out.indexOf(SHELL + " [" + name + "]");
        assertTrue(start >= 0, name + " in\n" + out);
        int end = out.indexOf("\norg.ipfailover.", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    private ServiceReference<FailoverAction> awaitAction(String filter) throws Exception {
        return awaitValue("a FailoverAction " + filter, () -> context.getServiceReferences(FailoverAction.class, filter),
                references -> !references.isEmpty()).iterator().next();
    }

    /** Holds the service until the test ends, so that the same component instance sees every update. */
    private FailoverAction service(ServiceReference<FailoverAction> reference) {
        held.add(reference);
        return context.getService(reference);
    }

    /** Declarative Services sets the service's properties again once it has handled a configuration update. */
    private void watchModified(ServiceReference<?> reference) throws Exception {
        listener = event -> {
            synchronized (modified) {
                modified.add(event);
            }
        };
        context.addServiceListener(listener, "(" + Constants.SERVICE_ID + "=" + reference.getProperty(Constants.SERVICE_ID) + ")");
    }

    private void awaitModified(int count) throws InterruptedException {
        List<ServiceEvent> events = awaitValue("the service to be updated " + count + " time(s)", () -> {
            synchronized (modified) {
                return List.copyOf(modified);
            }
        }, seen -> seen.size() >= count || seen.stream().anyMatch(e -> e.getType() != ServiceEvent.MODIFIED));
        assertTrue(events.stream().allMatch(e -> e.getType() == ServiceEvent.MODIFIED), "the service went away: " + events);
    }

    private void awaitLine(String part) throws InterruptedException {
        log.await(Level.WARN, part);
    }

    private List<String> lines(String part) {
        return log.at(Level.WARN, part);
    }

    private static Configuration fake(String pid, String factoryPid, Map<String, Object> values) {
        Hashtable<String, Object> properties = new Hashtable<>(values);
        properties.put(Constants.SERVICE_PID, pid);
        properties.put(ConfigurationAdmin.SERVICE_FACTORYPID, factoryPid);
        return (Configuration) java.lang.reflect.Proxy.newProxyInstance(ConfigurationKeyCheckIT.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factoryPid;
                    case "getProperties" -> properties;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
