package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.Beat;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.LogLines;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that hears its own beats (a broadcast network) judges no peer while they do not come
 * through: a starved or stopped process has not read its peers' beats yet. sec stands by while
 * pri holds web; pri's beats and sec's own are played to sec's detector.
 */
class DetectorSelfHearingTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final HeartbeatHealth HEARD = new HeartbeatHealth(true, List.of("public"), "");
    static final int INTERVAL = 50;
    static final int DEAD = 150;

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0");
    final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    final FailoverListener recorder = events::add;
    volatile boolean priBeats = true;
    volatile GroupState priAnnounces = GroupState.UP;
    volatile boolean ownBeats = true;
    long sequence;
    Detector detector;
    Thread beats;

    @AfterEach
    void tearDown() {
        if (beats != null) {
            beats.interrupt();
        }
        if (detector != null) {
            detector.stop(false);
        }
    }

    @Test
    void aPeerIsNotJudgedWhileThisNodesOwnBeatsDoNotComeThrough() throws Exception {
        standingBy();

        // the process starves: neither pri's beats nor its own are read for three dead times
        try (LogLines log = LogLines.of(Detector.class)) {
            priBeats = false;
            ownBeats = false;
            long starved = System.nanoTime();
            while (System.nanoTime() - starved < TimeUnit.MILLISECONDS.toNanos(3 * DEAD)) {
                assertEquals(GroupState.STANDBY, state(), "a peer convicted on beats not read yet");
                Thread.sleep(10);
            }
            assertEquals(1, log.at(Level.WARN, "has not heard its own beat").size(), "said once: " + log);
        }
        // it runs again: pri's beat, queued first, is read before the own beat behind it
        beat();
        detector.ownBeat("public", System.nanoTime());
        priBeats = true;
        ownBeats = true;
        Thread.sleep(2 * DEAD);
        assertEquals(GroupState.STANDBY, state());
        assertTrue(events.stream().noneMatch(e -> e.type() == Type.PEER_LOST), events.toString());
    }

    /**
     * The whole host stopped (a paused VM, a starved machine): pri's beats and sec's own stopped
     * together, and when it runs again sec may read its own first beat a moment before pri's, whose
     * process has not sent yet. pri is silent only for the time sec could hear it.
     */
    @Test
    void aStopOfTheWholeHostExcusesAPeerUntilItsBeatCanArrive() throws Exception {
        standingBy();

        priBeats = false;
        ownBeats = false;
        Thread.sleep(3 * DEAD); // the stop
        detector.ownBeat("public", System.nanoTime());
        Thread.sleep(INTERVAL / 2); // pri's process runs a moment after sec's
        assertEquals(GroupState.STANDBY, state(), "pri convicted before its first beat after the stop could arrive: " + events);
        beat();
        priBeats = true;
        ownBeats = true;
        Thread.sleep(2 * DEAD);
        assertEquals(GroupState.STANDBY, state());
        assertTrue(events.stream().noneMatch(e -> e.type() == Type.PEER_LOST), events.toString());
    }

    /** Only silence waits for the receive path: what a peer says is acted on at once (a release, a hand-back). */
    @Test
    void whatAPeerAnnouncesIsActedOnWhileThisNodesOwnBeatsAreLate() throws Exception {
        standingBy();

        try (LogLines log = LogLines.of(Detector.class)) {
            ownBeats = false;
            Thread.sleep(2 * INTERVAL);
            assertTrue(log.at(Level.WARN, "has not heard its own beat").isEmpty(), "a late own beat alone is no news: " + log);
        }
        long released = System.nanoTime();
        priAnnounces = GroupState.STANDBY; // pri yields web
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
        System.out.println("DetectorSelfHearingTest: pri yielded -> sec UP in " + (System.nanoTime() - released) / 1_000_000L
                + " ms, its own beats unheard");
        assertTrue(events.stream().noneMatch(e -> e.type() == Type.PEER_LOST), events.toString());
    }

    @Test
    void aSilentPeerIsStillConvictedOnTimeWhileThisNodeHearsItself() throws Exception {
        standingBy();

        long silent = System.nanoTime();
        priBeats = false;
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
        long tookMillis = (System.nanoTime() - silent) / 1_000_000L;
        assertTrue(events.stream().anyMatch(e -> e.type() == Type.PEER_LOST), events.toString());
        System.out.println("DetectorSelfHearingTest: pri silent -> sec UP in " + tookMillis + " ms (dead time " + DEAD + ")");
    }

    /** A network whose cable is out sends no beat to hear: it must not hold the peers back for good. */
    @Test
    void aNetworkThatSendsNothingIsNotExpectedToBeHeard() throws Exception {
        standingBy();

        ownBeats = false;
        detector.heartbeatHealth(new HeartbeatHealth(true, List.of("private"), "sending on public failed"));
        priBeats = false;
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
    }

    @Test
    void aNodeThatNeverHearsItselfIsNotHeldBack() throws Exception {
        ownBeats = false;
        standingBy();

        priBeats = false;
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
    }

    private void standingBy() throws Exception {
        detector = new Detector(new DetectorSettings("sec", List.of("public"), INTERVAL, DEAD, state), services(), HEARD);
        beats = beats();
        detector.start();
        detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true));
        awaitTrue("sec to stand by", () -> state() == GroupState.STANDBY);
    }

    private Thread beats() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (priBeats) {
                    beat();
                }
                if (ownBeats) {
                    detector.ownBeat("public", System.nanoTime());
                }
                try {
                    Thread.sleep(INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "beats heard by sec");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private synchronized void beat() {
        detector.beat(new Beat("pri", 42, sequence++, "public", INTERVAL, List.of(new GroupAnnouncement("web", priAnnounces, 255, 0)),
                new InetSocketAddress("127.0.0.1", 9), System.nanoTime()));
    }

    private GroupState state() {
        return detector.groups().stream().map(g -> g.state()).findFirst().orElse(null);
    }

    private Detector.Services services() {
        return new FixedServices(backend, recorder, List::of);
    }
}
