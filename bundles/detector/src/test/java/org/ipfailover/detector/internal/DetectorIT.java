package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The detector in Felix, configured through ConfigAdmin, with the console's commands: the
 * pipeline's order across actions, the operator commands, and beats from a peer handed to it as
 * the heartbeat receiver would.
 */
class DetectorIT {
    static final long TIMEOUT_MILLIS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        register(NetworkBackend.class, new RecordingBackend(trace), 0);
        register(FailoverAction.class, new TracingAction("mount", 10, Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE)), 10);
        register(FailoverAction.class, new TracingAction("services", 0, Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE)), 0);
        configure(configAdmin.getConfiguration("org.ipfailover.node", "?"), Map.of("id", "pri", "networks",
                "public=127.0.0.1:9; private=127.0.0.2:9", "interval", "50", "deadTime", "200", "stateFolder", state.toString()));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.group", "web", "?"),
                Map.of("nodes", "pri, sec", "vips", "eth0:198.51.100.10/24", "failbackDelay", "100"));

        heard();
    }

    /** Tells the detector that its heartbeat goes out, as the heartbeat bundle would: until then it takes nothing over. */
    private void heard() throws InterruptedException {
        awaitTrue("the detector's beat listener", () -> context.getServiceReference(BeatListener.class) != null);
        BeatListener detector = context.getService(context.getServiceReference(BeatListener.class));
        detector.heartbeatHealth(new HeartbeatHealth(true, List.of("public", "private"), ""));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        awaitTrue("the detector to stop", () -> context.getServiceReference(FailoverControl.class) == null);
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Test
    void aLonePrimaryAcquiresThroughThePipelineInOrderAndReleasesInReverse(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, GroupState.UP);
        assertEquals(List.of("mount PRE_ACQUIRE", "acquire eth0:198.51.100.10/24", "announce eth0:198.51.100.10/24",
                "services POST_ACQUIRE"), List.copyOf(trace));
        trace.clear();
        control.release("web");
        awaitState(control, GroupState.STANDBY);
        assertEquals(List.of("services PRE_RELEASE", "mount PRE_RELEASE", "release eth0:198.51.100.10/24"), List.copyOf(trace));
        assertTrue(Files.readString(state.resolve("groups.journal")).contains("web=STANDBY"));
        assertThrows(IllegalStateException.class, () -> control.release("web"));
        control.recover("web");
        awaitState(control, GroupState.UP);
    }

    @Test
    void aPrimaryWaitsWhileALivePeerHoldsTheGroup(@InjectService(timeout = 10_000) FailoverControl control, @InjectService(timeout = 10_000) BeatListener detector)
            throws Exception {
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.group", "web", "?"),
                Map.of("nodes", "pri, sec", "vips", "eth0:198.51.100.10/24", "failback", "manual"));
        Thread peer = new Thread(() -> beats(detector, GroupState.UP));
        peer.start();
        try {
            Thread.sleep(800);
            assertEquals(GroupState.RECOVER, state(control));
            assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        } finally {
            peer.interrupt();
            peer.join();
        }
        awaitState(control, GroupState.UP);
        List<FailoverEvent> history = control.history(50);
        assertTrue(history.stream().anyMatch(e -> e.type() == FailoverEvent.Type.PEER_LOST && "sec".equals(e.peer())), history.toString());
    }

    @Test
    void anInterfaceTypoOnTheHolderIsRefusedAndTheAddressStays(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, GroupState.UP);
        trace.clear();
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.group", "web", "?"),
                Map.of("nodes", "pri, sec", "vips", "eth9:198.51.100.10/24", "failback", "manual"));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.group", "web", "?"),
                Map.of("nodes", "pri, sec", "vips", "eth0:198.51.100.10/24", "failback", "manual"));
        awaitTrue("the next, valid, configuration", () -> control.groups().get(0).failback().equals("manual"));
        assertEquals(GroupState.UP, state(control));
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("release")), "the working address was removed: " + trace);
    }

    @Test
    void anActionThatLeavesIsNotRunAgainAndTheAddressesStay(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, GroupState.UP);
        registrations.remove(2).unregister();
        registrations.remove(1).unregister();
        Thread.sleep(200);
        assertEquals(GroupState.UP, state(control));
        trace.clear();
        control.release("web");
        awaitState(control, GroupState.STANDBY);
        assertEquals(List.of("release eth0:198.51.100.10/24"), List.copyOf(trace));
    }

    @Test
    void aStoppingNodeAnnouncesTheGroupUntilItIsReleased(@InjectService(timeout = 10_000) FailoverControl control,
            @InjectService(timeout = 10_000) NodeStatus status) throws Exception {
        CountDownLatch releasing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        register(FailoverAction.class, new TracingAction("slow-stop", 20, Set.of(Phase.PRE_RELEASE)) {
            @Override
            public ActionResult run(ActionContext context) {
                releasing.countDown();
                try {
                    proceed.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.run(context);
            }
        }, 20);
        awaitState(control, GroupState.UP);
        DetectorHolder holder = context.getService(context.getServiceReference(DetectorHolder.class));
        Thread stopping = new Thread(() -> holder.stop(true)); // what the node's stop watch does when the framework stops
        stopping.start();
        try {
            assertTrue(releasing.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "the release did not start");
            for (int i = 0; i < 10; i++) {
                assertEquals(List.of("web RELEASING 255"), status.announcements().stream()
                        .map(a -> a.group() + " " + a.state() + " " + a.priority()).toList(),
                        "while its address is still up, a stopping node must not look to its peers as holding nothing");
                Thread.sleep(20);
            }
        } finally {
            proceed.countDown();
            stopping.join(TIMEOUT_MILLIS);
        }
        assertTrue(trace.contains("release eth0:198.51.100.10/24"), trace.toString());
        assertEquals(GroupState.STANDBY, status.announcements().get(0).state(), "announced as released once released");
    }

    private void beats(BeatListener detector, GroupState announced) {
        long sequence = 0;
        while (!Thread.currentThread().isInterrupted()) {
            for (String network : List.of("public", "private")) {
                detector.beat(new Beat("sec", 42, sequence++, network, 50, List.of(new GroupAnnouncement("web", announced, 254)),
                        new InetSocketAddress("127.0.0.1", 9), System.nanoTime()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static GroupState state(FailoverControl control) {
        return control.groups().stream().filter(g -> g.group().equals("web")).map(g -> g.state()).findFirst().orElse(null);
    }

    private static void awaitState(FailoverControl control, GroupState expected) throws InterruptedException {
        awaitTrue("web to be " + expected, () -> state(control) == expected);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private void configure(Configuration configuration, Map<String, String> values) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        if (!configurations.contains(configuration)) {
            configurations.add(configuration);
        }
    }

    private <S> void register(Class<S> type, S service, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        registrations.add(context.registerService(type, service, properties));
    }

    class TracingAction implements FailoverAction {
        private final String name;
        private final Set<Phase> phases;

        TracingAction(String name, int ranking, Set<Phase> phases) {
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
            return ActionResult.ok(name, "");
        }
    }
}
