package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite of end-to-end tests in network-namespace labs: each test makes its {@link #lab} under
 * {@link #root}, and the lab goes after the test, also when it fails. Where no lab can run here
 * the suite is skipped, and fails in CI (see {@link NetnsLab#requireLab()}).
 */
abstract class LabSuite {
    /** How long a node may take to start, settle or move a group on a loaded machine. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    @TempDir
    Path root;

    NetnsLab lab;

    @BeforeAll
    static void labAvailable() throws Exception {
        NetnsLab.requireLab();
    }

    @AfterEach
    void removeLab() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    /** pri first, then sec: pri beats from the moment its control socket is there, so sec always hears it starting. */
    void startPrimaryThenBackup() throws Exception {
        lab.start("pri");
        lab.start("sec");
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        assertTrue(lab.holds("pri", NetnsLab.VIP));
    }

    /** The crashed primary boots, starts again and takes its group back, until the client is answered by it. */
    void primaryBack(Probe probe) throws Exception {
        lab.reboot("pri");
        long back = nowMicros();
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        lab.node("pri").await("cli to be answered by pri again", SETTLE, () -> answeredBy(probe, "pri", back));
    }

    static boolean answeredBy(Probe probe, String host, long afterMicros) {
        try {
            return probe.firstFrom(host, afterMicros) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return what the command printed, or nothing when the node could not be asked */
    static String out(NodeProcess node, String... command) {
        try {
            return node.ctl(command).out();
        } catch (IOException e) {
            return "";
        }
    }

    /** Fails as soon as the condition holds within the window: a wrong move shows at once, and otherwise the window is waited out. */
    static void assertNoneWithin(Duration window, String what, BooleanSupplier happened) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < window.toNanos()) {
            if (happened.getAsBoolean()) {
                fail(what + " (" + (System.nanoTime() - start) / 1_000_000 + " ms into a window of " + window.toMillis() + " ms)");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
