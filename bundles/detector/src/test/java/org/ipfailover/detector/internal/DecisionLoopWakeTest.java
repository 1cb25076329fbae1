package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.ipfailover.api.Beat;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Needs;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the decision thread wakes: on a node that hears its own beats, only when a deadline falls
 * (here, the peer's last beat plus the dead time) or when it is told something, and a deadline set
 * by what it was told (a hand-back's delay) is met without waiting for a tick planned before.
 */
class DecisionLoopWakeTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final HeartbeatHealth HEARD = new HeartbeatHealth(true, List.of("public"), "");
    static final int INTERVAL = 50;
    static final long FAILBACK_DELAY = 200;

    @TempDir
    Path state;

    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final RecordingBackend backend = new RecordingBackend(trace).withInterfaces("eth0");
    final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    final FailoverListener recorder = events::add;
    volatile boolean priBeats = true;
    volatile GroupState priAnnounces = GroupState.UP;
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

    /** Ticking every quarter of the dead time (as before) it ran about 40 times in 2 s; the peer's deadline takes 7 to 8 ticks. */
    @Test
    void anIdleNodeThatHearsItselfWakesForItsPeersDeadlineOnly() throws Exception {
        Needs.that(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc (the decision thread's run count)");
        standingBy(300);
        Path decisionThread = decisionThread();
        Thread.sleep(500);

        long before = runs(decisionThread);
        Thread.sleep(2000);
        long woke = runs(decisionThread) - before;

        System.out.println("DecisionLoopWakeTest: the decision thread ran " + woke + " times in 2 s");
        assertTrue(woke <= 16, "the decision thread ran " + woke + " times in 2 s, idle (at most 16 expected)");
        assertTrue(woke >= 4, "the decision thread ran " + woke + " times in 2 s: it no longer watches the peer's deadline");
    }

    /** The next tick was planned a dead time (1 s) ahead when the peer asked for the group back. */
    @Test
    void aDelayStartedByABeatEndsOnTimeNotAtTheNextPlannedTick() throws Exception {
        standingBy(1000);
        priBeats = false;
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
        Thread.sleep(300);

        priAnnounces = GroupState.RECOVER;
        long asked = System.nanoTime();
        priBeats = true;
        awaitTrue("sec to hand web back", () -> state() != GroupState.UP);
        long tookMillis = (System.nanoTime() - asked) / 1_000_000L;

        System.out.println("DecisionLoopWakeTest: pri asked for web back -> sec released it after " + tookMillis + " ms (delay "
                + FAILBACK_DELAY + ")");
        assertTrue(tookMillis >= FAILBACK_DELAY, "handed back after " + tookMillis + " ms, before its delay");
        assertTrue(tookMillis < FAILBACK_DELAY + 400, "handed back after " + tookMillis + " ms: the delay waited for a later tick");
    }

    private void standingBy(long deadMillis) throws Exception {
        detector = new Detector(new DetectorSettings("sec", List.of("public"), INTERVAL, deadMillis, state), services(), HEARD);
        beats = beats();
        detector.start();
        detector.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, FAILBACK_DELAY, 5000, true));
        awaitTrue("sec to stand by", () -> state() == GroupState.STANDBY);
    }

    private Thread beats() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (priBeats) {
                    beat();
                }
                detector.ownBeat("public", System.nanoTime());
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

    /** The task folder of this JVM's newest decision thread (thread names are cut at 15 characters there). */
    private static Path decisionThread() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> comm(task).equals("ipfailover-dete"))
                    .max(Comparator.comparingLong(task -> Long.parseLong(task.getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no decision thread in /proc/self/task"));
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException gone) {
            return "";
        }
    }

    /** How many times the thread was put on a CPU: the third field of schedstat. */
    private static long runs(Path task) throws IOException {
        return Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[2]);
    }
}
