package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.ipfailover.test.support.Groups.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.ipfailover.test.support.Groups;
import org.ipfailover.test.support.RecordingAction;
import org.ipfailover.test.support.RecordingBackend;
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
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

/**
 * The detector in Felix, configured through ConfigAdmin, with the console's commands: the
 * pipeline's order across actions, the operator commands, and beats from a peer handed to it as
 * the heartbeat receiver would.
 *
 * <p>The node's configuration is written in {@link #setUp}, not declared: its state folder is the
 * test's own temporary folder, and after deleting it {@link #tearDown} waits for the detector to
 * stop, so that no test meets the previous test's detector.
 */
class DetectorIT {
    static final String VIP = "eth0:198.51.100.10/24";

    /** Group web, "pri" its primary and "sec" its backup: made before the test method runs, deleted after it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @WithFactoryConfiguration(factoryPid = GroupConfig.FACTORY_PID, name = "web", location = "?", properties = {
            @Property(key = "nodes", value = "pri, sec"), @Property(key = "vips", value = VIP), @Property(key = "failbackDelay", value = "100")})
    @interface WebGroup {
    }

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0");
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    Configuration node;

    @BeforeEach
    void setUp() throws Exception {
        register(NetworkBackend.class, backend, 0);
        register(FailoverAction.class, new RecordingAction("mount", Set.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE), trace), 10);
        register(FailoverAction.class, new RecordingAction("services", Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), trace), 0);
        node = configAdmin.getConfiguration("org.ipfailover.node", "?");
        node.update(new Hashtable<>(Map.of("id", "pri", "networks", "public=127.0.0.1:9; private=127.0.0.2:9", "interval", "50",
                "deadTime", "200", "stateFolder", state.toString())));
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
        node.delete();
        awaitTrue("the detector to stop", () -> context.getServiceReference(FailoverControl.class) == null);
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Test
    @WebGroup
    void aLonePrimaryAcquiresThroughThePipelineInOrderAndReleasesInReverse(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, "web", GroupState.UP);
        assertEquals(List.of("mount PRE_ACQUIRE", "acquire " + VIP, "announce " + VIP, "services POST_ACQUIRE"), List.copyOf(trace));
        trace.clear();
        control.release("web");
        awaitState(control, "web", GroupState.STANDBY);
        assertEquals(List.of("services PRE_RELEASE", "mount PRE_RELEASE", "release " + VIP), List.copyOf(trace));
        assertTrue(Files.readString(state.resolve("groups.journal")).contains("web=STANDBY"));
        assertThrows(IllegalStateException.class, () -> control.release("web"));
        control.recover("web");
        awaitState(control, "web", GroupState.UP);
    }

    /**
     * The group is configured once the peer's beats say it holds the group, so that the primary
     * knows of the holder from the start; it takes the group only after the peer is lost, which
     * its history puts in that order (a takeover while the peer lived would come first).
     */
    @Test
    void aPrimaryWaitsWhileALivePeerHoldsTheGroupAndTakesItOnceThePeerIsLost(@InjectService(timeout = 10_000) FailoverControl control,
            @InjectService(timeout = 10_000) BeatListener detector,
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = GroupConfig.FACTORY_PID, name = "web",
                    location = "?")) Configuration web) throws Exception {
        CountDownLatch heardOnce = new CountDownLatch(1);
        Thread peer = new Thread(() -> beats(detector, GroupState.UP, heardOnce), "beats from sec");
        peer.start();
        try {
            assertTrue(heardOnce.await(10, TimeUnit.SECONDS), "no beat from sec");
            web.update(new Hashtable<>(Map.of("nodes", "pri, sec", "vips", VIP, "failback", "manual")));
            awaitValue("web held by sec while pri waits", () -> Groups.status(control, "web"),
                    status -> status != null && "sec".equals(status.holder()) && status.state() == GroupState.RECOVER);
            assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        } finally {
            peer.interrupt();
            peer.join();
        }

        awaitState(control, "web", GroupState.UP);
        List<FailoverEvent> history = control.history(1000);
        int lost = indexOf(history, e -> e.type() == FailoverEvent.Type.PEER_LOST && "sec".equals(e.peer()));
        int takeover = indexOf(history, e -> e.type() == FailoverEvent.Type.TAKEOVER && "web".equals(e.group()));
        assertTrue(lost >= 0 && takeover > lost, "the takeover before sec was lost: " + history);
    }

    /**
     * Each update is awaited until the component has read it (it asks the backend for the
     * interface, or shows the new setting): two updates made back to back may reach it as one.
     */
    @Test
    @WebGroup
    void anInterfaceTypoOnTheHolderIsRefusedAndTheAddressStays(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, "web", GroupState.UP);
        trace.clear();
        Configuration web = configAdmin.getFactoryConfiguration(GroupConfig.FACTORY_PID, "web", "?");
        web.update(new Hashtable<>(Map.of("nodes", "pri, sec", "vips", "eth9:198.51.100.10/24", "failback", "manual")));
        awaitTrue("the group's check of interface eth9", () -> backend.askedFor("eth9"));
        web.update(new Hashtable<>(Map.of("nodes", "pri, sec", "vips", VIP, "failback", "manual")));
        awaitTrue("the next, valid, configuration", () -> Groups.status(control, "web").failback().equals("manual"));

        assertEquals(GroupState.UP, Groups.state(control, "web"));
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("release")), "the working address was removed: " + trace);
        assertEquals(List.of(), Groups.events(control, "web", FailoverEvent.Type.RELEASE));
    }

    @Test
    @WebGroup
    void anActionThatLeavesIsNotRunAgainAndTheAddressesStay(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        awaitState(control, "web", GroupState.UP);
        registrations.remove(2).unregister();
        registrations.remove(1).unregister();
        awaitTrue("the actions to leave the pipeline", () -> control.actions("web").isEmpty());

        assertEquals(GroupState.UP, Groups.state(control, "web"), "losing an action never releases an address");
        trace.clear();
        control.release("web");
        awaitState(control, "web", GroupState.STANDBY);
        assertEquals(List.of("release " + VIP), List.copyOf(trace));
    }

    /** While its release waits in an action, the stopping node still announces the group: the announcement can only change after it. */
    @Test
    @WebGroup
    void aStoppingNodeAnnouncesTheGroupUntilItIsReleased(@InjectService(timeout = 10_000) FailoverControl control,
            @InjectService(timeout = 10_000) NodeStatus status) throws Exception {
        DetectorTest.BlockingAction slowStop = new DetectorTest.BlockingAction(Phase.PRE_RELEASE);
        register(FailoverAction.class, slowStop, 20);
        awaitState(control, "web", GroupState.UP);
        DetectorHolder holder = context.getService(context.getServiceReference(DetectorHolder.class));
        Thread stopping = new Thread(() -> holder.stop(true)); // what the node's stop watch does when the framework stops
        stopping.start();
        try {
            assertTrue(slowStop.awaitStarted(), "the release did not start");
            assertEquals(List.of("web RELEASING 255"), status.announcements().stream()
                    .map(a -> a.group() + " " + a.state() + " " + a.priority()).toList(),
                    "while its address is still up, a stopping node must not look to its peers as holding nothing");
        } finally {
            slowStop.proceed();
            stopping.join(10_000);
        }
        assertTrue(trace.contains("release " + VIP), trace.toString());
        assertEquals(GroupState.STANDBY, status.announcements().get(0).state(), "announced as released once released");
    }

    /** Beats from "sec" on both networks every 50 ms, as the heartbeat receiver hands them over; {@code heard} once the first are. */
    private static void beats(BeatListener detector, GroupState announced, CountDownLatch heard) {
        long sequence = 0;
        while (!Thread.currentThread().isInterrupted()) {
            for (String network : List.of("public", "private")) {
                detector.beat(new Beat("sec", 42, sequence++, network, 50, List.of(new GroupAnnouncement("web", announced, 254)),
                        new InetSocketAddress("127.0.0.1", 9), System.nanoTime()));
            }
            heard.countDown();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static int indexOf(List<FailoverEvent> history, Predicate<FailoverEvent> wanted) {
        for (int i = 0; i < history.size(); i++) {
            if (wanted.test(history.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private <S> void register(Class<S> type, S service, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        registrations.add(context.registerService(type, service, properties));
    }
}
