package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Phase;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The detector engine on its own threads, with a backend that records what it is asked and a
 * listener that keeps the events: what it does when it cannot be heard, what it finds on the
 * interfaces at start, groups removed or stopped mid-transition, plugins that misbehave.
 */
class DetectorTest {
    static final long TIMEOUT_MILLIS = 10_000;
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final HeartbeatHealth HEARD = new HeartbeatHealth(true, List.of("public"), "");

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    final List<RankedAction> actions = new CopyOnWriteArrayList<>();
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0");
    volatile long freezeOnNextAnnouncement;
    volatile boolean failOnNextAnnouncement;
    final FailoverListener recorder = events::add;
    final List<FailoverListener> listeners = new CopyOnWriteArrayList<>(List.of(recorder));
    Detector detector;

    @AfterEach
    void tearDown() {
        if (detector != null) {
            detector.stop(false);
        }
    }

    @Test
    void aNodeThatCannotBeHeardTakesNothingOverAndSaysWhy() throws Exception {
        start("pri", HeartbeatHealth.silent("the key file /x/ipfailover.key is readable by group or others (mode 0644)"));
        detector.addGroup(group("pri, sec"));
        awaitEvent(Type.NOT_DECIDING);
        awaitTrue("pri to have listened", () -> state() == GroupState.RECOVER);
        assertFalse(detector.condition().deciding());
        assertTrue(detector.condition().reason().contains("mode 0644"), detector.condition().reason());
        assertThrows(IllegalStateException.class, () -> detector.command("web", "takeover"));
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());

        detector.heartbeatHealth(HEARD);
        awaitTrue("pri to take its group once heard", () -> state() == GroupState.UP);
        awaitEvent(Type.DECIDING);
        assertTrue(detector.condition().deciding());
    }

    @Test
    void aNodeThatFallsSilentKeepsWhatItHolds() throws Exception {
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        detector.heartbeatHealth(HeartbeatHealth.silent("sending on every network failed: Network is unreachable"));
        awaitEvent(Type.NOT_DECIDING);
        assertEquals(GroupState.UP, state());
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("release")), trace.toString());
    }

    @Test
    void addressesOnTheInterfacesAreFoundWithoutAJournal() throws Exception {
        backend.hold(VIP);
        Files.writeString(state.resolve(StateJournal.FILE), "\u0000garbage\nweb=NOT_A_STATE\n");
        start("sec", HEARD);
        detector.addGroup(group("pri, sec"));
        Thread primary = beats("pri", GroupState.UP);
        try {
            awaitTrue("the leftover address to be removed", () -> trace.contains("release " + VIP));
            awaitTrue("sec to stand by", () -> state() == GroupState.STANDBY);
        } finally {
            primary.interrupt();
        }
    }

    @Test
    void addressesOnTheInterfacesAreKeptWhenNobodyElseHoldsThem() throws Exception {
        backend.hold(VIP);
        start("sec", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("sec to resume holding", () -> state() == GroupState.UP);
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("release")), trace.toString());
    }

    @Test
    void aGroupRemovedWhileItIsBeingAcquiredIsReleased() throws Exception {
        BlockingAction blocking = blockIn(Phase.PRE_ACQUIRE);
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        assertTrue(blocking.awaitStarted(), "the acquire did not start");
        detector.removeGroup("web");
        blocking.proceed();
        awaitTrue("the address added for the removed group to be removed", () -> trace.contains("release " + VIP));
        assertEquals(trace.indexOf("acquire " + VIP) < trace.indexOf("release " + VIP), true, trace.toString());
        assertTrue(backend.held().isEmpty(), "left on the interface: " + backend.held());
    }

    @Test
    void aStopSettlesAGroupMidAcquireAndReleasesIt() throws Exception {
        BlockingAction blocking = blockIn(Phase.PRE_ACQUIRE);
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        assertTrue(blocking.awaitStarted(), "the acquire did not start");
        Thread stopping = new Thread(() -> detector.stop(true));
        stopping.start();
        blocking.proceed();
        stopping.join(TIMEOUT_MILLIS);
        detector = null;
        assertTrue(trace.contains("release " + VIP), trace.toString());
        assertTrue(backend.held().isEmpty(), "the node stopped holding " + backend.held());
    }

    @Test
    void aPluginThatThrowsWhenAskedItsNameDoesNotWedgeTheGroup() throws Exception {
        actions.add(new RankedAction(new FailoverAction() {
            @Override
            public String name() {
                throw new IllegalStateException("no name today");
            }

            @Override
            public Set<Phase> phases() {
                return Set.of(Phase.PRE_ACQUIRE);
            }

            @Override
            public Duration timeout() {
                throw new IllegalStateException("no timeout either");
            }

            @Override
            public ActionResult run(ActionContext context) {
                return ActionResult.ok("odd", "ran");
            }
        }, 0));
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
    }

    @Test
    void aBackendThatThrowsWhenAskedItsNameDoesNotWedgeTheGroup() throws Exception {
        backend.nameFails(true);
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        assertTrue(backend.held().contains(VIP));
    }

    @Test
    void aBlipShorterThanATakeoverIsNoFailure() {
        GroupStateMachine machine = new GroupStateMachine("sec", group("pri, sec"), 0, 400);
        machine.evaluate(List.of(new PeerView("pri", false, null)), 1_000);
        machine.evaluate(List.of(new PeerView("pri", false, null)), 1_001);
        machine.tested(true, "tests passed", List.of(new PeerView("pri", false, null)), 1_002);
        Step step = machine.acquired(false, true, "another node announced it holds the group", 1_003);
        assertEquals(Type.STATE_CHANGED, step.event());
        assertEquals(GroupState.STANDBY, machine.state());
        assertEquals(Long.MAX_VALUE, machine.nextDeadline(1_004), "no retry delay after a blip");
    }

    @Test
    void aJournalThatCannotBeWrittenIsAnAlarm() throws Exception {
        Path blocked = state.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the state folder should be");
        detector = new Detector(new DetectorSettings("pri", List.of("public"), 50, 200, blocked), services(), HEARD);
        detector.start();
        detector.addGroup(group("pri, sec"));
        awaitTrue("the journal alarm", () -> detector.condition().alarms().stream().anyMatch(a -> a.startsWith("state journal")));
        awaitEvent(Type.ALARM);
    }

    @Test
    void anotherNodeWithThisNodesIdIsAnAlarmAndNothingIsTakenOver() throws Exception {
        start("pri", HEARD);
        Thread twin = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                detector.duplicateNode(new InetSocketAddress("198.51.100.7", 1694), System.nanoTime());
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        twin.start();
        try {
            detector.addGroup(group("pri, sec"));
            awaitTrue("the duplicate id alarm", () -> detector.condition().alarms().stream()
                    .anyMatch(a -> a.startsWith("duplicate node id") && a.contains("198.51.100.7")));
            awaitTrue("pri to have listened", () -> state() == GroupState.RECOVER);
            assertFalse(detector.condition().deciding(), "the twin at 198.51.100.7 would take the same groups");
            assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        } finally {
            twin.interrupt();
            twin.join();
        }
        awaitTrue("pri to take its group once alone with its id", () -> state() == GroupState.UP);
    }

    @Test
    void aNodeJustHeardAgainListensForADeadTimeBeforeTakingAnythingOver() throws Exception {
        start("sec", HeartbeatHealth.silent("the key file is readable by others"));
        detector.addGroup(group("pri, sec"));
        awaitTrue("sec to have listened", () -> state() == GroupState.STANDBY);
        detector.heartbeatHealth(HEARD);
        Thread.sleep(100); // pri's first beat reaches the restarted receivers a moment after sec's first beat went out
        Thread primary = beats("pri", GroupState.UP);
        try {
            awaitTrue("sec to hear pri", () -> detector.peers().stream().anyMatch(p -> p.node().equals("pri") && p.alive()));
            assertEquals(GroupState.STANDBY, state(), "sec judged its peers before it could have heard them: " + trace);
            assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        } finally {
            primary.interrupt();
        }
    }

    @Test
    void groupFilesThatDisagreeAreAnAlarmNamingWhatDiffers() throws Exception {
        start("sec", HEARD);
        detector.addGroup(group("pri, sec"));
        GroupSettings theirs = new GroupSettings("web", List.of("pri", "sec"), List.of(Vip.parse("eth0:198.51.100.11/24")), false,
                100, 5000, true);
        Thread primary = beats("pri", GroupState.UP, theirs.fingerprint());
        try {
            awaitTrue("the disagreement alarm", () -> detector.condition().alarms().stream()
                    .anyMatch(a -> a.startsWith("group files disagree: web on pri differs from this node's in vips (")));
        } finally {
            primary.interrupt();
        }
    }

    @Test
    void aHolderAnnouncesItsAddressesAgainAfterItsOwnPause() throws Exception {
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        trace.clear();
        freezeOnNextAnnouncement = 600; // the decision thread stops for three dead times, as in a GC pause or a stopped VM
        detector.addGroup(new GroupSettings("db", List.of("sec", "pri"), List.of(Vip.parse("eth0:198.51.100.12/24")), false, 100, 5000,
                true));
        awaitTrue("web's addresses announced again after the pause", () -> trace.contains("announce " + VIP));
    }

    @Test
    void aLinkFlapThatEndsDuringATakeoverIsNoFailure() throws Exception {
        BlockingAction blocking = blockIn(Phase.PRE_ACQUIRE);
        start("sec", HEARD);
        detector.addGroup(group("pri, sec"));
        // STANDBY lasts only until the takeover of a pri never heard begins: a poll may miss it
        assertTrue(blocking.awaitStarted(), "pri, never heard, is taken over");
        Thread primary = beats("pri", GroupState.UP); // the cable is back: pri still holds the group
        try {
            awaitTrue("sec to hear pri", () -> detector.peers().stream().anyMatch(p -> p.node().equals("pri") && p.alive()));
            blocking.proceed();
            awaitTrue("sec to stand by again", () -> state() == GroupState.STANDBY);
        } finally {
            primary.interrupt();
        }
        assertTrue(events.stream().noneMatch(e -> e.type() == Type.TAKEOVER_FAILED), "no failure mailed for a blip: " + events);
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
    }

    @Test
    void addressesDroppedFromTheConfigurationDuringAnAcquireAreRemovedAndNewOnesAdded() throws Exception {
        BlockingAction blocking = blockIn(Phase.POST_ACQUIRE);
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        assertTrue(blocking.awaitStarted(), "the acquire did not start");
        Vip next = Vip.parse("eth0:198.51.100.11/24");
        detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(next), false, 100, 5000, true));
        blocking.proceed();
        awaitTrue("only the configured address to be held", () -> backend.held().equals(Set.of(next)));
        assertEquals(GroupState.UP, state());
    }

    @Test
    void aGroupWhoseAddressesCannotBePutBackIsNotReportedUp() throws Exception {
        backend.hold(VIP);
        backend.refuseAcquire(true);
        start("sec", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("the group released for a peer to serve it",
                () -> events.stream().anyMatch(e -> e.type() == Type.TAKEOVER_FAILED && e.reason().contains("could not all be put back")));
        awaitTrue("sec no longer claims the group", () -> state() != GroupState.UP && state() != GroupState.RELEASING);
        assertTrue(backend.held().isEmpty(), "left on the interface: " + backend.held());
    }

    @Test
    void theTestPhaseReportsAnAddressOnAnInterfaceThisHostLacks() throws Exception {
        start("sec", HEARD);
        detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(Vip.parse("eth9:198.51.100.10/24")), false, 100,
                5000, true));
        awaitTrue("sec to know the group", () -> state() != null);
        List<ActionResult> results = detector.test("web");
        assertEquals(1, results.size(), results.toString());
        assertFalse(results.get(0).success());
        assertTrue(results.get(0).toString().contains("no interface eth9 on this host"), results.toString());
    }

    @Test
    void aNotifierThatComesAMomentAfterTheStartHearsWhatHappenedThatNobodyHeard() throws Exception {
        listeners.clear();
        start("pri", HEARD);
        detector.addGroup(group("pri, sec"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        List<FailoverEvent> happened = detector.history(100);
        listeners.add(recorder);
        detector.listenersChanged();
        awaitTrue("what happened told to the notifier that came", () -> events.size() >= happened.size());
        assertEquals(happened, events, "each event once, in order");

        List<FailoverEvent> replacement = new CopyOnWriteArrayList<>();
        listeners.set(0, replacement::add); // the notifier re-created by a configuration change
        detector.listenersChanged();
        detector.command("web", "release");
        awaitTrue("the release told to the new notifier", () -> replacement.stream().anyMatch(e -> e.type() == Type.RELEASE));
        assertTrue(replacement.stream().noneMatch(e -> e.type() == Type.TAKEOVER), "an event heard before is not told again: " + replacement);
    }

    @Test
    void aDecisionTaskThatFailsIsLoggedAndTheDetectorGoesOn() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Detector.class);
        logger.addAppender(log);
        try {
            start("pri", HEARD);
            failOnNextAnnouncement = true;
            detector.addGroup(group("pri, sec"));
            awaitTrue("the failed task logged", () -> log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("a decision task failed") && e.getThrowableProxy() != null));
            awaitTrue("pri to take its group all the same", () -> state() == GroupState.UP);
        } finally {
            logger.detachAppender(log);
        }
    }

    // ---- the harness

    private void start(String node, HeartbeatHealth health) {
        detector = new Detector(new DetectorSettings(node, List.of("public"), 50, 200, state), services(), health);
        detector.start();
    }

    private Detector.Services services() {
        return new Detector.Services() {
            @Override
            public List<RankedAction> actions() {
                return List.copyOf(actions);
            }

            @Override
            public NetworkBackend backend() {
                return backend;
            }

            @Override
            public List<FailoverListener> listeners() {
                return listeners;
            }

            @Override
            public void announcementsChanged() {
                if (failOnNextAnnouncement) {
                    failOnNextAnnouncement = false;
                    throw new IllegalStateException("a subscriber that fails");
                }
                long freeze = freezeOnNextAnnouncement;
                if (freeze > 0) {
                    freezeOnNextAnnouncement = 0;
                    try {
                        Thread.sleep(freeze); // called on the decision thread: it stands still
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    private static GroupSettings group(String nodes) {
        return new GroupSettings("web", List.of(nodes.split(",\\s*")), List.of(VIP), false, 100, 5000, true);
    }

    private GroupState state() {
        return detector.groups().stream().filter(g -> g.group().equals("web")).map(g -> g.state()).findFirst().orElse(null);
    }

    private Thread beats(String node, GroupState announced) {
        return beats(node, announced, 0);
    }

    private Thread beats(String node, GroupState announced, int fingerprint) {
        return PlayedPeer.beats(detector, node, 42, new GroupAnnouncement("web", announced, 255, fingerprint), QuorumFlags.NONE);
    }

    private void awaitEvent(Type type) throws InterruptedException {
        awaitTrue("a " + type + " event", () -> events.stream().anyMatch(e -> e.type() == type));
    }

    /** Adds an action that waits in its phase until the test lets it go. */
    private BlockingAction blockIn(Phase phase) {
        BlockingAction blocking = new BlockingAction(phase);
        actions.add(new RankedAction(blocking, 0));
        return blocking;
    }

    /** Waits in its phase until the test lets it go. */
    static final class BlockingAction implements FailoverAction {
        private final Phase phase;
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch proceed = new CountDownLatch(1);

        BlockingAction(Phase phase) {
            this.phase = phase;
        }

        boolean awaitStarted() throws InterruptedException {
            return started.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        void proceed() {
            proceed.countDown();
        }

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(phase);
        }

        @Override
        public ActionResult run(ActionContext context) throws InterruptedException {
            started.countDown();
            proceed.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return ActionResult.ok(name(), "done");
        }
    }
}
