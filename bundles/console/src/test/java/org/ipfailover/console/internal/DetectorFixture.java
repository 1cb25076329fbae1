package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.Phase;
import org.ipfailover.test.support.Groups;
import org.ipfailover.test.support.RecordingAction;
import org.ipfailover.test.support.RecordingBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real detector, configured through ConfigAdmin as node "pri" (primary of group "web", backup
 * "sec" never heard), with a recording network backend and actions registered here, plus Apple's
 * shell action (its own bundle) over a script folder whose Test script leaves a mark. The test
 * declares the group with {@link WebGroup}; the node's and the shell action's configurations are
 * written here, since they name the test's folder.
 */
final class DetectorFixture implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 10_000;
    static final String VIP = "eth0:198.51.100.10/24";

    /** Group web of the fixture, on the test class or method that uses it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @WithFactoryConfiguration(factoryPid = "org.ipfailover.group", name = "web", location = "?", properties = {
            @Property(key = "nodes", value = "pri, sec"), @Property(key = "vips", value = VIP), @Property(key = "failbackDelay", value = "100")})
    @interface WebGroup {
    }

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    /** The Test action: {@link RecordingAction#veto} makes it veto. */
    final RecordingAction check = new RecordingAction("check", Set.of(Phase.TEST), trace);
    final Path testMark;
    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();
    private final ServiceTracker<FailoverControl, FailoverControl> detector;
    private ServiceRegistration<FailoverControl> conditionOverride;

    DetectorFixture(BundleContext context, ConfigurationAdmin configAdmin, Path dir) throws Exception {
        this(context, configAdmin, dir, Map.of());
    }

    /** @param node more settings of the node's configuration */
    DetectorFixture(BundleContext context, ConfigurationAdmin configAdmin, Path dir, Map<String, String> node) throws Exception {
        this.context = context;
        this.testMark = dir.resolve("test-ran");
        detector = new ServiceTracker<>(context, FailoverControl.class, null);
        detector.open();
        register(NetworkBackend.class, new RecordingBackend(trace), Integer.MAX_VALUE);
        register(FailoverAction.class, check, 500);
        register(FailoverAction.class, new RecordingAction("mount", Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE), trace), 10);
        register(FailoverAction.class, new RecordingAction("services", Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), trace), 0);
        Path scripts = Files.createDirectories(dir.resolve("IPFailover/198.51.100.10"));
        Path test = scripts.resolve("Test");
        Files.writeString(test, "#!/bin/sh\necho ran >> '" + testMark + "'\nexit 0\n");
        Files.setPosixFilePermissions(test, PosixFilePermissions.fromString("rwxr-xr-x"));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.action.shell", "apple", "?"),
                Map.of("folder", dir.resolve("IPFailover").toString(), "groups", "web"));
        Map<String, String> nodeSettings = new HashMap<>(Map.of("id", "pri", "networks",
                "public=127.0.0.1:9; private=127.0.0.2:9", "interval", "50", "deadTime", "200",
                "stateFolder", dir.resolve("var").toString()));
        nodeSettings.putAll(node);
        configure(configAdmin.getConfiguration("org.ipfailover.node", "?"), nodeSettings);
    }

    /** @return the detector once web is UP and the shell action has joined its pipeline */
    FailoverControl awaitUp() throws InterruptedException {
        FailoverControl control = detector.waitForService(TIMEOUT_MILLIS);
        if (control == null) {
            throw new AssertionError("the detector did not start");
        }
        heard(context);
        Groups.awaitState(control, "web", GroupState.UP);
        awaitTrue("the shell action", () -> control.actions("web").stream().anyMatch(a -> a.name().equals("shell:apple")));
        return control;
    }

    /** Puts, above the detector, the detector itself but with this condition: until the real one can be steered from here. */
    void condition(NodeCondition condition) throws InterruptedException {
        FailoverControl real = awaitUp();
        FailoverControl overridden = (FailoverControl) Proxy.newProxyInstance(DetectorFixture.class.getClassLoader(),
                new Class<?>[] {FailoverControl.class}, (proxy, method, args) -> {
                    if (method.getName().equals("condition")) {
                        return condition;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        conditionOverride = context.registerService(FailoverControl.class, overridden, properties);
    }

    /** Tells the detector its heartbeat goes out, as the heartbeat bundle would (it is not in this framework). */
    static void heard(BundleContext context) {
        ServiceReference<BeatListener> listener = context.getServiceReference(BeatListener.class);
        context.getService(listener).heartbeatHealth(new HeartbeatHealth(true, List.of("public"), ""));
    }

    @Override
    public void close() throws Exception {
        if (conditionOverride != null) {
            conditionOverride.unregister();
        }
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        awaitTrue("the detector to stop", () -> context.getServiceReference(FailoverControl.class) == null);
        registrations.forEach(ServiceRegistration::unregister);
        detector.close();
    }

    private void configure(Configuration configuration, Map<String, String> values) throws Exception {
        configuration.update(new Hashtable<>(values));
        configurations.add(configuration);
    }

    private <S> void register(Class<S> type, S service, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        registrations.add(context.registerService(type, service, properties));
    }
}
