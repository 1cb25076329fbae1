package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BackendException;
import org.ipfailover.process.internal.OutputListener;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.RunningCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the backends hear of their commands: the shared runner's own behaviour is tested beside it. */
class CommandRunnerTest {
    final ProcessRunner processes = new ProcessRunner("test-netif-io");
    final CommandRunner runner = new CommandRunner(processes, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        processes.close();
    }

    @Test
    void capturesOutputAndStatus() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertEquals(3, result.status());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertFalse(result.succeeded());
        assertNull(result.killedAfter());
    }

    @Test
    void aSpawnedCommandRunsWithoutTimeLimitAndItsEndIsToldInOneLine() throws Exception {
        RunningCommand failing = runner.spawn(List.of("sh", "-c", "echo 'Cannot open network namespace' >&2; exit 255"), OutputListener.NONE);
        assertEquals("`sh -c echo 'Cannot open network namespace' >&2; exit 255` ended with exit status 255: Cannot open network namespace",
                CommandRunner.ending(failing.result().get(10, TimeUnit.SECONDS)));

        RunningCommand sleeping = runner.spawn(List.of("sleep", "300"), OutputListener.NONE);
        assertTrue(ProcessHandle.of(sleeping.pid()).orElseThrow().destroyForcibly());
        assertEquals("`sleep 300` was killed by signal 9", CommandRunner.ending(sleeping.result().get(10, TimeUnit.SECONDS)));

        RunningCommand missing = runner.spawn(List.of("/nonexistent/ip", "monitor"), OutputListener.NONE);
        assertTrue(CommandRunner.ending(missing.result().get()).startsWith("cannot run `/nonexistent/ip monitor`: "));
    }

    @Test
    void killsACommandThatOutlivesItsTimeLimit() throws Exception {
        CommandRunner impatient = new CommandRunner(processes, Duration.ofMillis(200));
        long start = System.nanoTime();

        BackendException e = assertThrows(BackendException.class, () -> impatient.run(List.of("sleep", "30")));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 3000, "took " + millis + " ms");
        assertEquals("`sleep 30` did not finish within 200 ms and was killed", e.getMessage());
        assertTrue(ProcessHandle.allProcesses().noneMatch(CommandRunnerTest::isOurSleep), "the sleep is gone");
    }

    @Test
    void namesTheCommandStatusAndFirstLinesOfStandardErrorOnFailure() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo one >&2; echo two >&2; echo three >&2; echo four >&2; exit 2"));

        BackendException e = assertThrows(BackendException.class, result::orThrow);

        assertEquals("`sh -c echo one >&2; echo two >&2; echo three >&2; echo four >&2; exit 2` failed with exit status 2: "
                + "one / two / three", e.getMessage());
    }

    @Test
    void namesACommandThatCannotStart() {
        BackendException e = assertThrows(BackendException.class, () -> runner.run(List.of("/nonexistent/ipfo-tool", "x")));

        assertTrue(e.getMessage().startsWith("cannot run `/nonexistent/ipfo-tool x`: "), e.getMessage());
    }

    @Test
    void asksForMessagesInTheCLocale() throws Exception {
        assertEquals("C\n", runner.run(List.of("sh", "-c", "echo $LC_ALL")).stdout());
    }

    @Test
    void aStartedCommandThatCannotStartIsSaidAtOnce() {
        BackendException e = assertThrows(BackendException.class, () -> runner.start(List.of("/nonexistent/ipfo-tool")));

        assertTrue(e.getMessage().startsWith("cannot run `/nonexistent/ipfo-tool`: "), e.getMessage());
    }

    @Test
    void aStoppedComponentRunsNothingMore() {
        processes.close();

        BackendException e = assertThrows(BackendException.class, () -> runner.run(List.of("true")));

        assertEquals("cannot run `true`: its component has stopped", e.getMessage());
    }

    private static boolean isOurSleep(ProcessHandle process) {
        return process.parent().map(parent -> parent.pid() == ProcessHandle.current().pid()).orElse(false)
                && process.info().command().map(command -> command.endsWith("sleep")).orElse(false)
                && process.isAlive();
    }
}
