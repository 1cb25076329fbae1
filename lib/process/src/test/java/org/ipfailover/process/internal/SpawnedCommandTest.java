package org.ipfailover.process.internal;

import static org.ipfailover.process.internal.ProcessTimeoutTest.assertAllGone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipfailover.process.internal.ProcessResult.Ending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A command its caller stops, such as a monitor: it runs, says its lines as they come, and goes with its tree. */
class SpawnedCommandTest {
    final ProcessRunner runner = new ProcessRunner("test-spawn");

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void runsUntilStoppedAndGoesWithEveryProcessItStarted() throws Exception {
        CountDownLatch written = new CountDownLatch(2);
        StringBuffer pids = new StringBuffer();
        RunningCommand running = runner.spawn(ProcessCommand.untilStopped(List.of("sh", "-c", "sleep 300 & echo $!; echo $$; wait"))
                .onLine((line, error) -> {
                    pids.append(line).append('\n');
                    written.countDown();
                }));
        assertTrue(written.await(10, TimeUnit.SECONDS), "the pids are written");
        assertTrue(pids.toString().contains(running.pid() + "\n"), pids + " names " + running.pid());
        assertFalse(running.result().isDone());

        running.stop();

        ProcessResult result = running.result().get(10, TimeUnit.SECONDS);
        assertEquals(Ending.EXITED, result.ending(), "stopped, not timed out");
        assertAllGone(pids.toString());
        running.stop();
    }

    @Test
    void aCommandThatCannotStartHasEndedSayingWhy() throws Exception {
        RunningCommand running = runner.spawn(ProcessCommand.untilStopped(List.of("/nonexistent/ipfo-monitor")));

        assertEquals(-1, running.pid());
        ProcessResult result = running.result().getNow(null);
        assertEquals(Ending.NOT_STARTED, result.ending());
        assertTrue(result.startFailure().contains("/nonexistent/ipfo-monitor"), result.startFailure());
        running.stop();
    }

    @Test
    void aClosedRunnerSpawnsNothing() throws Exception {
        runner.close();

        RunningCommand refused = runner.spawn(ProcessCommand.untilStopped(List.of("sleep", "300")));

        assertEquals("its component has stopped", refused.result().getNow(null).startFailure());
    }
}
