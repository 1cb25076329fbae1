package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.ipfailover.api.Beat;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector with health checks and link watching: pri holds its group while sec stands by
 * (sec's beats are played to it); a failing check or a pulled cable makes pri hand the group over,
 * and ask for it back once healthy.
 */
class DetectorHealthTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final HeartbeatHealth HEARD = new HeartbeatHealth(true, List.of("public"), "");

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0", "uplink0");
    final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    final List<CheckDefinition> checks = new CopyOnWriteArrayList<>();
    final FailoverListener recorder = events::add;
    volatile GroupState secAnnounces = GroupState.STANDBY;
    volatile int secPriority = 254;
    volatile boolean serviceUp = true;
    Detector detector;
    Thread secBeats;

    @AfterEach
    void tearDown() {
        if (secBeats != null) {
            secBeats.interrupt();
        }
        if (detector != null) {
            detector.stop(false);
        }
    }

    @Test
    void aFailingCheckHandsTheGroupToTheHealthyBackupAndItComesBackWhenHealthy() throws Exception {
        checks.add(check("http-web", 30, 1_000, () -> serviceUp ? new Result(Result.Status.OK, "HTTP 200")
                : new Result(Result.Status.CRITICAL, "HTTP 503")));
        startHolding(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true));

        serviceUp = false;
        awaitTrue("pri to release web to sec", () -> state() == GroupState.RECOVER);
        assertTrue(backend.held().isEmpty(), "the address is gone from pri");
        FailoverEvent failed = event(Type.HEALTH_FAILED);
        assertEquals("http-web", failed.check());
        assertEquals("HTTP 503", failed.output());
        assertEquals("web", failed.group());
        FailoverEvent release = event(Type.RELEASE); // events are delivered on their own thread, after the state changed
        assertTrue(release.reason().contains("unhealthy") && release.reason().contains("http-web: HTTP 503")
                && release.reason().contains("handing it to sec"), release.toString());
        assertEquals(GroupAnnouncement.NOT_ELIGIBLE, announcedPriority(), "pri says at once that it may not hold web");
        HealthStatus status = detector.health().get(0);
        assertEquals(Health.UNHEALTHY, status.health());
        assertEquals("http-web", status.check());
        assertTrue(status.failures() >= 2, status.toString());

        secAnnounces = GroupState.UP;
        awaitTrue("pri to hear sec hold web", () -> detector.peers().stream()
                .anyMatch(p -> p.groups().stream().anyMatch(g -> g.state() == GroupState.UP))); // else pri, healthy, would take it
        serviceUp = true;
        awaitTrue("pri healthy again", () -> announcedPriority() == 255);
        event(Type.HEALTH_RECOVERED);
        assertEquals(GroupState.RECOVER, state(), "pri waits for sec to hand it back");
    }

    @Test
    void aPulledCableHandsTheGroupOverAfterTheDebounceAndAnUplinkCountsToo() throws Exception {
        backend.withLinks(Map.of("eth0", true, "uplink0", true));
        startHolding(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true, true, List.of("uplink0")));
        awaitTrue("both links reported", () -> detector.health().stream().filter(h -> h.health() == Health.HEALTHY).count() == 2);

        long pulled = System.nanoTime();
        backend.link("uplink0", false);
        awaitTrue("pri to release web", () -> state() == GroupState.RECOVER);
        long millis = (backend.firstCall("release", pulled).orElseThrow().nanos() - pulled) / 1_000_000L;
        assertTrue(millis >= 50, "not before the debounce (one interval, 50 ms): " + millis + " ms");
        FailoverEvent failed = event(Type.HEALTH_FAILED);
        assertEquals("link:uplink0", failed.check());
        assertEquals("NO-CARRIER", failed.output());

        backend.link("uplink0", true);
        event(Type.HEALTH_RECOVERED);
        awaitTrue("pri eligible again", () -> announcedPriority() == 255);
    }

    @Test
    void anUnhealthyHolderWithoutAHealthyBackupKeepsTheGroup() throws Exception {
        secPriority = GroupAnnouncement.NOT_ELIGIBLE;
        checks.add(check("tcp-db", 30, 1_000, () -> new Result(Result.Status.CRITICAL, "connection refused")));
        detector = new Detector(new DetectorSettings("pri", List.of("public"), 50, 200, state), services(), HEARD);
        secBeats = beats();
        detector.start();
        backend.hold(VIP); // pri held the group before this start
        detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true));
        awaitTrue("pri to resume holding web", () -> state() == GroupState.UP);
        event(Type.HEALTH_FAILED);
        awaitTrue("the group still held", () -> state() == GroupState.UP && backend.held().contains(VIP));
        assertEquals(GroupAnnouncement.NOT_ELIGIBLE, announcedPriority());
        assertEquals(Health.UNHEALTHY, detector.groups().get(0).health());
        assertTrue(detector.groups().get(0).healthReason().contains("tcp-db: connection refused"), detector.groups().toString());
    }

    @Test
    void aCheckThatHangsFailsAtItsTimeoutAndNeverStallsTheDecisions() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        checks.add(check("script-hangs", 50, 100, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(Result.Status.OK, "never");
        }));
        try {
            detector = new Detector(new DetectorSettings("pri", List.of("public"), 50, 200, state), services(), HEARD);
            secBeats = beats();
            detector.start();
            detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true));
            FailoverEvent failed = event(Type.HEALTH_FAILED);
            assertTrue(failed.output().equals("timed out after 100 ms") || failed.output().startsWith("its previous run has not returned"),
                    failed.output());
            // the check may fail within the listen period (a dead time): pri listens to the end of it
            awaitTrue("pri to have listened to its peers", () -> state() == GroupState.RECOVER);
            for (int i = 0; i < 20; i++) {
                long asked = System.nanoTime();
                assertEquals(GroupState.RECOVER, state(), "a primary that is not healthy does not take its group");
                long millis = (System.nanoTime() - asked) / 1_000_000L;
                assertTrue(millis < 1_000, "the decision thread answered in " + millis + " ms");
            }
            assertEquals(GroupAnnouncement.NOT_ELIGIBLE, announcedPriority());
            assertTrue(backend.held().isEmpty());
        } finally {
            never.countDown();
        }
    }

    // ---- harness

    /** pri starts, is heard, and holds web once its checks and links have passed. */
    private void startHolding(GroupSettings group) throws Exception {
        detector = new Detector(new DetectorSettings("pri", List.of("public"), 50, 200, state), services(), HEARD);
        secBeats = beats();
        detector.start();
        detector.addGroup(group);
        awaitTrue("pri to hold web", () -> state() == GroupState.UP);
    }

    private static CheckDefinition check(String name, long interval, long timeout, HealthCheck check) {
        return new CheckDefinition(name, name.hashCode(), List.of("web"), interval, timeout, 2, 2, check);
    }

    private Detector.Services services() {
        return new FixedServices(backend, recorder, () -> List.copyOf(checks));
    }

    private Thread beats() {
        Thread thread = new Thread(() -> {
            long sequence = 0;
            while (!Thread.currentThread().isInterrupted()) {
                detector.beat(new Beat("sec", 42, sequence++, "public", 50,
                        List.of(new GroupAnnouncement("web", secAnnounces, secPriority, 0)), new InetSocketAddress("127.0.0.1", 9),
                        System.nanoTime()));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "beats from sec");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private GroupState state() {
        return detector.groups().stream().map(g -> g.state()).findFirst().orElse(null);
    }

    private int announcedPriority() {
        return detector.announcements().stream().filter(a -> a.group().equals("web")).mapToInt(GroupAnnouncement::priority)
                .findFirst().orElse(-1);
    }

    private FailoverEvent event(Type type) throws InterruptedException {
        awaitTrue("a " + type + " event", () -> events.stream().anyMatch(e -> e.type() == type));
        return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }
}
