package org.ipfailover.console.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real detector, configured through ConfigAdmin as node "pri" (primary of group "web", backup
 * "sec" never heard), with a recording network backend and actions registered here, plus Apple's
 * shell action (its own bundle) over a script folder whose Test script leaves a mark.
 */
final class DetectorFixture implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 10_000;
    static final String VIP = "eth0:198.51.100.10/24";

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<String> veto = new AtomicReference<>();
    final Path testMark;
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
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
        this.configAdmin = configAdmin;
        this.testMark = dir.resolve("test-ran");
        detector = new ServiceTracker<>(context, FailoverControl.class, null);
        detector.open();
        register(NetworkBackend.class, new RecordingBackend(), Integer.MAX_VALUE);
        register(FailoverAction.class, new RecordingAction("check", Set.of(Phase.TEST)), 500);
        register(FailoverAction.class, new RecordingAction("mount", Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE)), 10);
        register(FailoverAction.class, new RecordingAction("services", Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE)), 0);
        Path scripts = Files.createDirectories(dir.resolve("IPFailover/198.51.100.10"));
        Path test = scripts.resolve("Test");
        Files.writeString(test, "#!/bin/sh\necho ran >> '" + testMark + "'\nexit 0\n");
        Files.setPosixFilePermissions(test, PosixFilePermissions.fromString("rwxr-xr-x"));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.action.shell", "apple", "?"),
                Map.of("folder", dir.resolve("IPFailover").toString(), "groups", "web"));
        Map<String, String> nodeSettings = new java.util.HashMap<>(Map.of("id", "pri", "networks",
                "public=127.0.0.1:9; private=127.0.0.2:9", "interval", "50", "deadTime", "200",
                "stateFolder", dir.resolve("var").toString()));
        nodeSettings.putAll(node);
        configure(configAdmin.getConfiguration("org.ipfailover.node", "?"), nodeSettings);
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.group", "web", "?"),
                Map.of("nodes", "pri, sec", "vips", VIP, "failbackDelay", "100"));
    }

    /** @return the detector once web is UP and the shell action has joined its pipeline */
    FailoverControl awaitUp() throws InterruptedException {
        FailoverControl control = detector.waitForService(TIMEOUT_MILLIS);
        if (control == null) {
            throw new AssertionError("the detector did not start");
        }
        heard(context);
        awaitTrue("web to be UP", () -> state(control) == GroupState.UP);
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
        org.osgi.framework.ServiceReference<org.ipfailover.api.BeatListener> listener =
                context.getServiceReference(org.ipfailover.api.BeatListener.class);
        context.getService(listener).heartbeatHealth(new org.ipfailover.api.HeartbeatHealth(true, java.util.List.of("public"), ""));
    }

    static GroupState state(FailoverControl control) {
        return control.groups().stream().filter(g -> g.group().equals("web")).map(g -> g.state()).findFirst().orElse(null);
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
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
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        configurations.add(configuration);
    }

    private <S> void register(Class<S> type, S service, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        registrations.add(context.registerService(type, service, properties));
    }

    /** Records instead of configuring an interface: no test touches the host's addresses. */
    final class RecordingBackend implements NetworkBackend {
        private final Set<Vip> held = Collections.synchronizedSet(new HashSet<>());

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void acquire(Vip vip) {
            held.add(vip);
            trace.add("acquire " + vip);
        }

        @Override
        public void release(Vip vip) {
            held.remove(vip);
            trace.add("release " + vip);
        }

        @Override
        public void announce(Vip vip) {
            trace.add("announce " + vip);
        }

        @Override
        public Set<Vip> held(String device) {
            return Set.copyOf(held);
        }
    }

    final class RecordingAction implements FailoverAction {
        private final String name;
        private final Set<Phase> phases;

        RecordingAction(String name, Set<Phase> phases) {
            this.name = name;
            this.phases = phases;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Phase> phases() {
            return phases;
        }

        @Override
        public ActionResult run(ActionContext context) {
            trace.add(name + " " + context.phase());
            String reason = veto.get();
            if (context.phase() == Phase.TEST && reason != null) {
                return ActionResult.failed(name, reason);
            }
            return ActionResult.ok(name, "checked " + context.primaryAddress());
        }
    }
}
