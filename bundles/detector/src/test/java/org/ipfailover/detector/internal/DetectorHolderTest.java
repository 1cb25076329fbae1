package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holder's hand-over rules, with real detectors (no backend: nothing is acquired). */
class DetectorHolderTest {
    private static final HeartbeatHealth SILENT = HeartbeatHealth.silent("not started in this test");

    @TempDir
    Path state;

    /** Runs while the next detector is made, with the groups it was given; null: nothing. */
    private volatile Runnable whileMaking;
    private final DetectorHolder holder = new DetectorHolder((settings, services, health, groups) -> {
        Runnable meanwhile = whileMaking;
        if (meanwhile != null) {
            meanwhile.run();
        }
        return DetectorHolder.detector(settings, services, health, groups);
    }, new Plugins(null), null);

    @AfterEach
    void tearDown() {
        holder.stop(false);
    }

    @Test
    void groupsBoundAndUnboundWhileTheDetectorIsReplacedOverAndOverAreNeitherLostNorKept() throws Exception {
        holder.heartbeatHealth(SILENT);
        holder.start(settings());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reconfiguring = new Thread(() -> {
            try {
                for (int i = 0; i < 25; i++) {
                    holder.start(settings());
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        reconfiguring.start();
        Set<String> bound = new TreeSet<>();
        int round = 0;
        Detector seen = holder.running();
        while (reconfiguring.isAlive()) {
            Detector now = holder.running();
            if (now == seen) {
                Thread.onSpinWait();
                continue;
            }
            seen = now; // each time the running detector is dropped or replaced: a bind and every other time an unbind
            String name = "g" + round;
            holder.bind(name, group(name));
            bound.add(name);
            if (round % 2 == 1) {
                String gone = "g" + (round - 1);
                holder.unbind(gone);
                bound.remove(gone);
            }
            round++;
        }
        reconfiguring.join();
        assertNull(failed.get());

        awaitGroups(bound);
    }

    @Test
    void aGroupBoundOrUnboundWhileTheNextDetectorIsMadeReachesIt() throws Exception {
        holder.heartbeatHealth(SILENT);
        holder.start(settings());
        holder.bind("web", group("web"));
        Thread binder = new Thread(() -> {
            holder.bind("db", group("db"));
            holder.unbind("web");
        });
        whileMaking = () -> {
            whileMaking = null;
            binder.start();
            while (binder.getState() != Thread.State.BLOCKED && binder.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
        };

        holder.start(settings());
        binder.join();

        awaitGroups(Set.of("db"));
    }

    @Test
    void aReplacedDetectorAnnouncesUntilTheNextOneHasStartedAndAStoppedOneUntilTheEnd() throws Exception {
        assertNull(holder.announcing());
        assertThrows(IllegalStateException.class, holder::require);
        holder.heartbeatHealth(SILENT);
        holder.start(settings());
        holder.bind("web", group("web"));
        Detector first = holder.running();
        assertSame(first, holder.announcing());

        holder.start(settings());
        assertNotSame(first, holder.running());
        assertSame(holder.running(), holder.announcing());
        awaitGroups(Set.of("web"));

        Detector last = holder.running();
        holder.stop(false);
        assertNull(holder.running());
        assertSame(last, holder.announcing());
        assertEquals(List.of("web"), last.announcements().stream().map(a -> a.group()).toList());
    }

    private void awaitGroups(Set<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        Set<String> running = names();
        while (!running.equals(expected)) {
            if (System.currentTimeMillis() > deadline) {
                assertEquals(expected, running, "the running detector's groups");
            }
            TimeUnit.MILLISECONDS.sleep(20);
            running = names();
        }
    }

    private Set<String> names() {
        return holder.require().groups().stream().map(GroupStatus::group).collect(Collectors.toCollection(TreeSet::new));
    }

    private DetectorSettings settings() {
        return new DetectorSettings("pri", List.of("public"), 50, 200, state);
    }

    private static GroupSettings group(String name) {
        return new GroupSettings(name, List.of("pri", "sec"), List.of(Vip.parse("eth0:198.51.100.10/24")), false, 100, 5000, true);
    }
}
