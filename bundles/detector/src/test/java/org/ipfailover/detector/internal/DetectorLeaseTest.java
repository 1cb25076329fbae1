package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Phase;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.Vip;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.detector.internal.DetectorTest.BlockingAction;
import org.ipfailover.detector.internal.GroupStateMachine.LeaseHold;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector with a quorum ({@link GroupLease}): a {@link LeaseAuthority} that behaves like a
 * real one (one holder, a queue, leases lost), a backend that records, peers that beat with their
 * quorum flags. Who should hold is still the heartbeats'; who may is the lease's.
 */
class DetectorLeaseTest {
    static final Vip VIP = DetectorTest.VIP;
    static final HeartbeatHealth HEARD = DetectorTest.HEARD;
    static final QuorumFlags WITHOUT_QUORUM = new QuorumFlags(true, false);
    static final QuorumFlags WITH_QUORUM = new QuorumFlags(true, true);
    static final long DEAD_MILLIS = 200;
    static final LeaseListener NOBODY = new LeaseListener() {
        @Override
        public void granted(String group) {
        }

        @Override
        public void lost(String group, String reason) {
        }
    };

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    final List<RankedAction> actions = new CopyOnWriteArrayList<>();
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0");
    final LeaseAuthority authority = new LeaseAuthority(trace);
    final List<Thread> peers = new ArrayList<>();
    volatile GroupLease lease;
    Detector detector;

    @AfterEach
    void tearDown() {
        peers.forEach(Thread::interrupt);
        if (detector != null) {
            detector.stop(false);
        }
        authority.close();
    }

    @Test
    void withoutAQuorumNothingChanges() throws Exception {
        start("pri", false);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        assertEquals(QuorumFlags.NONE, detector.quorumFlags());
        assertNull(detector.condition().quorum());
        assertEquals(LeaseHold.NONE, detector.leaseHold("web"));
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("lease")), trace.toString());
    }

    @Test
    void aTakeoverWaitsForTheLeaseAndAcquiresOnceGranted() throws Exception {
        var held = authority.node("sec").request("web", NOBODY); // sec holds it, as far as the quorum knows
        start("pri", true);
        awaitTrue("pri to wait for the lease", () -> status().awaitingLease());
        assertEquals(GroupState.TESTING, state());
        assertEquals("sec", status().leaseHolder());
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        assertEquals(new QuorumFlags(true, true), detector.quorumFlags());

        held.close();
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        assertTrue(trace.indexOf("lease granted web to pri") < trace.indexOf("acquire " + VIP), trace.toString());
        assertEquals("pri", status().leaseHolder());
    }

    @Test
    void waitingForTheLeaseEndsWhenThePeerHoldsAgain() throws Exception {
        var held = authority.node("sec").request("web", NOBODY);
        start("pri", true);
        awaitTrue("pri to wait for the lease", () -> status().awaitingLease());
        beats("sec", GroupState.UP, WITH_QUORUM);
        awaitTrue("pri to stop waiting", () -> state() == GroupState.RECOVER);
        awaitTrue("pri's request to be closed", () -> trace.contains("lease closed web by pri"));
        held.close();
        authority.settle();
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());
        assertFalse(trace.contains("lease granted web to pri"), trace.toString());
    }

    @Test
    void aLostLeaseReleasesAtOnceAndIsClosedOnlyAfterTheRelease() throws Exception {
        BlockingAction postRelease = blockIn(Phase.POST_RELEASE);
        start("pri", true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        authority.revoke("web", "the session expired");
        assertTrue(postRelease.awaitStarted(), "the release did not run");
        assertTrue(trace.contains("release " + VIP), trace.toString());
        assertFalse(trace.contains("lease closed web by pri"), "closed before the release ended: " + trace);
        postRelease.proceed();
        awaitTrue("the lease to be closed", () -> trace.contains("lease closed web by pri"));
        awaitReason("lease is lost (the session expired)");
    }

    @Test
    void onHandBackTheBackupClosesItsLeaseOnlyOnceItsAddressesAreGone() throws Exception {
        start("sec", true);
        awaitTrue("sec to take the group of a silent primary", () -> state() == GroupState.UP);
        BlockingAction postRelease = blockIn(Phase.POST_RELEASE);
        List<String> primary = Collections.synchronizedList(new ArrayList<>());
        authority.node("pri").request("web", new LeaseListener() {
            @Override
            public void granted(String group) {
                primary.add("granted");
            }

            @Override
            public void lost(String group, String reason) {
                primary.add("lost");
            }
        });
        beats("pri", GroupState.RECOVER, WITH_QUORUM);
        assertTrue(postRelease.awaitStarted(), "sec did not hand the group back");
        assertEquals(GroupState.RELEASING, state());
        assertEquals("sec", authority.holderOf("web"), "the lease passed on while sec still releases");
        postRelease.proceed();
        awaitTrue("the primary to be granted the lease", () -> primary.contains("granted"));
        assertTrue(trace.indexOf("release " + VIP) < trace.indexOf("lease closed web by sec"), trace.toString());
        assertTrue(trace.indexOf("lease closed web by sec") < trace.indexOf("lease granted web to pri"), trace.toString());
        awaitTrue("sec to stand by", () -> state() == GroupState.STANDBY);
    }

    @Test
    void quorumLostEverywhereWithKeepKeepsTheGroupUntilAPeerReachesItAgain() throws Exception {
        start("pri", true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        Thread sec = beats("sec", GroupState.STANDBY, WITHOUT_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        authority.cut("pri", "no server answers");
        awaitEvent(Type.QUORUM_LOST);
        awaitTrue("pri to keep the group", () -> detector.leaseHold("web") == LeaseHold.KEPT);
        assertEquals(GroupState.UP, state());
        assertFalse(trace.contains("release " + VIP), trace.toString());
        assertEquals(WITHOUT_QUORUM, detector.quorumFlags());
        assertFalse(detector.condition().quorum().reachable());

        sec.interrupt();
        sec.join();
        beats("sec", GroupState.STANDBY, WITH_QUORUM);
        awaitTrue("pri to release once sec reaches the quorum", () -> trace.contains("release " + VIP));
        awaitTrue("pri to wait for its group", () -> state() == GroupState.RECOVER);
        awaitReason("sec still reaches the quorum");
    }

    @Test
    void quorumLostWithKeepAndNoPeerHeardReleasesAtOnce() throws Exception {
        start("pri", true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        authority.cut("pri", "no server answers");
        awaitTrue("pri to release: it may be in a minority", () -> trace.contains("release " + VIP));
        awaitEvent(Type.QUORUM_LOST);
        awaitReason("sec is not heard");
        awaitTrue("the lease to be closed after the release", () -> trace.contains("lease closed web by pri"));
        assertTrue(trace.indexOf("release " + VIP) < trace.indexOf("lease closed web by pri"), trace.toString());
    }

    /** A third node not heard may be on the quorum's side of a partition: it would be granted the lease. */
    @Test
    void quorumLostWithKeepAndAPeerNotHeardReleasesAtOnce() throws Exception {
        start("pri", true, false, List.of("pri", "sec", "ter"));
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        beats("sec", GroupState.STANDBY, WITHOUT_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        authority.cut("pri", "no server answers");
        awaitTrue("pri to release", () -> trace.contains("release " + VIP));
        awaitReason("ter is not heard");
    }

    /** The peer's beats go on saying it reaches the quorum: it may; pri releases once it waited two dead times for them. */
    @Test
    void quorumLostWithKeepAndAPeerThatStillReachesItReleasesAfterTwoDeadTimes() throws Exception {
        authority.holderExpiryMillis = 60 * DEAD_MILLIS;
        long waited = loseTheQuorumBesideAPeerThatReachesIt();
        awaitReason("sec still reaches the quorum");
        assertTrue(waited >= 2 * DEAD_MILLIS, "released " + waited + " ms after the quorum was lost");
    }

    /**
     * The wait for a peer's beats ends with a sixth of the time the quorum keeps a lost holder's
     * lease, and there is none when the service does not say that time: the peer could otherwise be
     * granted the lease while this node still holds the addresses.
     */
    @Test
    void theWaitForAPeerThatStillReachesTheQuorumEndsWellBeforeItCouldBeGrantedTheLease() throws Exception {
        authority.holderExpiryMillis = 6 * DEAD_MILLIS / 2;
        loseTheQuorumBesideAPeerThatReachesIt();
        awaitReason("sec still reaches the quorum (it may be granted the lease) (waited " + DEAD_MILLIS / 2 + " ms");
    }

    @Test
    void withoutTheServicesExpiryAPeerThatStillReachesTheQuorumIsNotWaitedFor() throws Exception {
        loseTheQuorumBesideAPeerThatReachesIt();
        awaitReason("sec still reaches the quorum (it may be granted the lease)");
        assertTrue(events.stream().noneMatch(e -> e.reason().contains("waited")), events.toString());
    }

    /**
     * The nodes lose an ensemble that went away each at its own moment: a peer's beats may say for
     * a while that it still reaches the quorum. pri waits for them and keeps its group.
     */
    @Test
    void quorumLostWithKeepWaitsForAPeerWhoseBeatsStillSayItReachesIt() throws Exception {
        authority.holderExpiryMillis = 60 * DEAD_MILLIS;
        start("pri", true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        Thread sec = beats("sec", GroupState.STANDBY, WITH_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        authority.cut("pri", "no server answers");
        awaitEvent(Type.QUORUM_LOST);
        sec.interrupt();
        sec.join();
        beats("sec", GroupState.STANDBY, WITHOUT_QUORUM);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4 * DEAD_MILLIS);
        while (System.nanoTime() < until) {
            assertFalse(trace.contains("release " + VIP), trace.toString());
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertEquals(LeaseHold.KEPT, detector.leaseHold("web"));
        assertEquals(GroupState.UP, state());
    }

    /**
     * Cut from each other, not from the quorum: pri waits for a lease that sec keeps for longer than
     * the quorum keeps a crashed holder's, and says why nothing moves.
     */
    @Test
    void aLeaseHeldByAPeerThatIsNotHeardLongerThanACrashedOnesIsAnAnomaly() throws Exception {
        authority.holderExpiryMillis = 600;
        var held = authority.node("sec").request("web", NOBODY);
        start("pri", true);
        awaitTrue("pri to wait for the lease", () -> status().awaitingLease());
        long waiting = System.nanoTime();
        awaitTrue("an ANOMALY naming sec and web", () -> events.stream().anyMatch(e -> e.type() == Type.ANOMALY
                && "sec".equals(e.peer()) && "web".equals(e.group()) && e.reason().contains("not heard but has held group web's lease")));
        long after = (System.nanoTime() - waiting) / 1_000_000;
        assertTrue(after >= 600, "reported " + after + " ms into the wait: a crashed holder's lease may still be shown");
        assertEquals(1, events.stream().filter(e -> e.type() == Type.ANOMALY).count(), events.toString());

        held.close();
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        awaitTrue("the anomaly cleared", () -> events.stream().anyMatch(e -> e.type() == Type.ANOMALY_CLEARED && "sec".equals(e.peer())));
    }

    @Test
    void quorumLostWithReleaseReleasesEvenWhenNoPeerReachesIt() throws Exception {
        start("pri", true, true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        beats("sec", GroupState.STANDBY, WITHOUT_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        authority.cut("pri", "no server answers");
        awaitTrue("pri to release", () -> trace.contains("release " + VIP));
        awaitReason("onQuorumLoss = release");
    }

    @Test
    void withoutTheQuorumNothingNewIsTakenAndOnceBackTheGroupIs() throws Exception {
        authority.cut("pri", "no server answers");
        start("pri", true);
        awaitEvent(Type.QUORUM_LOST);
        awaitTrue("pri to have listened", () -> state() == GroupState.RECOVER);
        authority.heal("pri");
        awaitEvent(Type.QUORUM_REGAINED);
        awaitTrue("pri to take its group once the quorum is back", () -> state() == GroupState.UP);
        FailoverEvent regained = events.stream().filter(e -> e.type() == Type.QUORUM_REGAINED).findFirst().orElseThrow();
        FailoverEvent takeover = events.stream().filter(e -> e.type() == Type.TAKEOVER).findFirst().orElseThrow();
        assertTrue(events.indexOf(regained) < events.indexOf(takeover), events.toString());
    }

    @Test
    void aNodeWhoseQuorumIsNotThereYetTakesNothingOverWhileAPeerUsesOne() throws Exception {
        start("pri", false); // its quorum bundle has not started yet
        beats("sec", GroupState.STANDBY, WITH_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        awaitTrue("pri to have listened", () -> state() == GroupState.RECOVER);
        // without the rule pri goes to TESTING in its next round (no node holds the group): watched over four dead times
        long until = System.nanoTime() + 4 * DEAD_MILLIS * 1_000_000;
        while (System.nanoTime() - until < 0) {
            assertEquals(GroupState.RECOVER, state(), "pri went on to take its group over without a lease while sec uses a quorum");
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertTrue(trace.stream().noneMatch(t -> t.startsWith("acquire")), trace.toString());

        lease = authority.node("pri");
        detector.groupLeaseChanged();
        awaitTrue("pri to take its group once its quorum is there", () -> state() == GroupState.UP);
        assertTrue(trace.indexOf("lease granted web to pri") < trace.indexOf("acquire " + VIP), trace.toString());
    }

    @Test
    void addressesFoundAtStartWithoutTheLeaseAreReleased() throws Exception {
        backend.hold(VIP);
        authority.node("pri").request("web", NOBODY); // pri holds the lease (it took over while sec was down)
        start("sec", true);
        awaitTrue("the leftover address to be removed", () -> trace.contains("release " + VIP));
        awaitTrue("sec to stand by", () -> state() == GroupState.STANDBY);
        assertTrue(trace.indexOf("release " + VIP) < trace.indexOf("lease closed web by sec"), trace.toString());
    }

    @Test
    void addressesFoundAtStartWithTheLeaseAreResumed() throws Exception {
        backend.hold(VIP);
        start("sec", true);
        awaitTrue("sec to resume holding", () -> state() == GroupState.UP);
        assertEquals("sec", authority.holderOf("web"));
        assertFalse(trace.contains("release " + VIP), trace.toString());
    }

    @Test
    void aQuorumThatComesWhileTheGroupIsHeldIsAskedForItsLease() throws Exception {
        start("pri", false);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        lease = authority.node("pri");
        detector.groupLeaseChanged();
        awaitTrue("pri to hold the lease", () -> detector.leaseHold("web") == LeaseHold.HELD);
        assertEquals(GroupState.UP, state());
        lease = null;
        detector.groupLeaseChanged();
        awaitTrue("pri to decide alone again", () -> detector.leaseHold("web") == LeaseHold.NONE);
        awaitTrue("its lease to be given back", () -> trace.contains("lease closed web by pri"));
        assertEquals(GroupState.UP, state());
    }

    // ---- the harness

    private void start(String node, boolean quorum) {
        start(node, quorum, false);
    }

    private void start(String node, boolean quorum, boolean releaseOnQuorumLoss) {
        start(node, quorum, releaseOnQuorumLoss, List.of("pri", "sec"));
    }

    private void start(String node, boolean quorum, boolean releaseOnQuorumLoss, List<String> nodes) {
        lease = quorum ? authority.node(node) : null;
        detector = new Detector(new DetectorSettings(node, List.of("public"), 50, DEAD_MILLIS, state, 50, releaseOnQuorumLoss), services(),
                HEARD);
        detector.start();
        detector.addGroup(new GroupSettings("web", nodes, List.of(VIP), false, 100, 5000, true));
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
                return List.of(events::add);
            }

            @Override
            public GroupLease groupLease() {
                return lease;
            }

            @Override
            public void announcementsChanged() {
            }
        };
    }

    private GroupStatus status() {
        return detector.groups().stream().filter(g -> g.group().equals("web")).findFirst().orElseThrow();
    }

    private GroupState state() {
        return status().state();
    }

    private Thread beats(String node, GroupState announced, QuorumFlags flags) {
        // each thread a start of its own: its beats are newer than the last one's
        Thread thread = PlayedPeer.beats(detector, node, System.nanoTime(),
                new GroupAnnouncement("web", announced, node.equals("pri") ? 255 : 254, 0), flags);
        peers.add(thread);
        return thread;
    }

    private void awaitEvent(Type type) throws InterruptedException {
        awaitTrue("a " + type + " event", () -> events.stream().anyMatch(e -> e.type() == type));
    }

    /** pri holds its group, hears sec say it reaches the quorum, and loses the quorum: @return ms until pri released */
    private long loseTheQuorumBesideAPeerThatReachesIt() throws Exception {
        start("pri", true);
        awaitTrue("pri to hold its group", () -> state() == GroupState.UP);
        beats("sec", GroupState.STANDBY, WITH_QUORUM);
        awaitTrue("sec to be heard", () -> detector.peers().stream().anyMatch(p -> p.node().equals("sec") && p.alive()));
        long cut = System.nanoTime();
        authority.cut("pri", "no server answers");
        awaitTrue("pri to release", () -> trace.contains("release " + VIP));
        return (System.nanoTime() - cut) / 1_000_000;
    }

    private void awaitReason(String fragment) throws InterruptedException {
        awaitTrue("an event saying " + fragment, () -> events.stream().anyMatch(e -> e.reason().contains(fragment)));
    }

    private BlockingAction blockIn(Phase phase) {
        BlockingAction blocking = new BlockingAction(phase);
        actions.add(new RankedAction(blocking, 0));
        return blocking;
    }
}
