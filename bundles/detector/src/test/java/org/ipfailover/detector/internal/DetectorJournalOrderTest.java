package org.ipfailover.detector.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the state journal is written: a state a restart resumes from it (a primary that yielded,
 * a failed group) is on disk before the peers hear of it; the others, which a restart works out
 * again from the peers and the kernel, are announced first and written just after, so that the
 * disk's flush is not on the takeover and hand-back paths.
 */
class DetectorJournalOrderTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");
    static final HeartbeatHealth HEARD = new HeartbeatHealth(true, List.of("public"), "");

    @TempDir
    Path state;

    /** Per announcement of web: what was announced, and what the journal said at that moment. */
    final List<String[]> seen = Collections.synchronizedList(new ArrayList<>());
    final RecordingBackend backend = new RecordingBackend().withInterfaces("eth0");
    volatile Detector detector;

    @AfterEach
    void tearDown() {
        if (detector != null) {
            detector.stop(false);
        }
    }

    @Test
    void aTakeoverIsAnnouncedBeforeItsStatesAreJournaled() throws Exception {
        detector = start("sec"); // pri is not heard: sec takes web over once it has listened
        awaitTrue("sec to take web over", () -> state() == GroupState.UP);
        awaitTrue("UP in the journal", () -> GroupState.UP.name().equals(journaled()));
        for (GroupState taking : List.of(GroupState.TESTING, GroupState.ACQUIRING, GroupState.UP)) {
            String[] at = announced(taking);
            assertNotEquals(taking.name(), at[1], taking + " was in the journal before the peers heard it");
        }
    }

    @Test
    void aPrimaryThatYieldsIsJournaledBeforeItIsAnnounced() throws Exception {
        detector = start("pri");
        awaitTrue("pri to hold web", () -> state() == GroupState.UP);

        detector.command("web", "release");
        awaitTrue("pri to have yielded web", () -> state() == GroupState.STANDBY);
        String[] at = announced(GroupState.STANDBY);
        assertEquals(GroupState.STANDBY.name(), at[1], "the peers heard that pri yielded before its journal said so");
    }

    private Detector start(String node) throws Exception {
        Detector.Services fixed = new FixedServices(backend, event -> { }, List::of);
        Detector started = new Detector(new DetectorSettings(node, List.of("public"), 50, 150, state), new Detector.Services() {
            @Override
            public List<RankedAction> actions() {
                return fixed.actions();
            }

            @Override
            public NetworkBackend backend() {
                return fixed.backend();
            }

            @Override
            public List<FailoverListener> listeners() {
                return fixed.listeners();
            }

            @Override
            public List<CheckDefinition> checks() {
                return fixed.checks();
            }

            @Override
            public void announcementsChanged() {
                Detector current = detector;
                if (current != null) {
                    current.announcements().stream().filter(a -> a.group().equals("web")).findFirst()
                            .ifPresent(a -> seen.add(new String[] {a.state().name(), journaled()}));
                }
            }
        }, HEARD);
        detector = started;
        started.start();
        started.addGroup(new GroupSettings("web", List.of("pri", "sec"), List.of(VIP), false, 200, 5000, true));
        return started;
    }

    private String[] announced(GroupState announced) {
        synchronized (seen) {
            return seen.stream().filter(s -> s[0].equals(announced.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(announced + " never announced: " + describe()));
        }
    }

    private String describe() {
        synchronized (seen) {
            return seen.stream().map(s -> s[0] + "/" + s[1]).toList().toString();
        }
    }

    private String journaled() {
        Path file = state.resolve(StateJournal.FILE);
        if (!Files.exists(file)) {
            return "";
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            return "unreadable";
        }
        return properties.getProperty("web", "");
    }

    private GroupState state() {
        assertFalse(detector == null);
        return detector.groups().stream().map(g -> g.state()).findFirst().orElse(null);
    }
}
