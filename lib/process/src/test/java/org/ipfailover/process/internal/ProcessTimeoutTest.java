package org.ipfailover.process.internal;

import static org.ipfailover.process.internal.ProcessRunnerTest.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipfailover.process.internal.ProcessResult.Ending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that runs past its timeout, or whose caller gives up, goes with every process it started. */
class ProcessTimeoutTest {
    static final Duration TIMEOUT = Duration.ofMillis(300);

    final ProcessRunner runner = new ProcessRunner("test-timeout");

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void theWholeTreeIsKilledAtTheTimeout() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = runner.run(timed("sleep 30 & echo $!; sleep 30 & echo $!; echo $$; wait"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Ending.TIMED_OUT, result.ending());
        assertEquals(2, result.killed(), result.toString());
        assertTrue(millis < 3000, "took " + millis + " ms");
        assertTrue(result.elapsed().compareTo(TIMEOUT) >= 0, result.elapsed().toString());
        assertAllGone(result.stdout());
    }

    @Test
    void grandchildrenGoToo() throws Exception {
        ProcessResult result = runner.run(timed("sh -c 'sleep 30 & echo $!; wait' & echo $!; wait"));

        assertEquals(Ending.TIMED_OUT, result.ending());
        assertEquals(2, result.killed(), result.toString());
        assertAllGone(result.stdout());
    }

    @Test
    void theTreeIsAskedToEndBeforeItIsKilled(@TempDir Path dir) throws Exception {
        Path cleaned = dir.resolve("cleaned");

        // a timeout long enough for a loaded machine's shell to set its trap before the TERM comes; the shell
        // waits on after its child ended (the deepest process is asked first), else it could end before its TERM
        Duration timeout = Duration.ofSeconds(2);
        ProcessResult result = runner.run(ProcessCommand.of(List.of("sh", "-c",
                "trap 'echo cleaned > " + cleaned + "; exit 0' TERM; sleep 30 & echo $!; while :; do wait; done"), timeout));

        assertEquals(Ending.TIMED_OUT, result.ending());
        assertEquals("cleaned\n", Files.readString(cleaned), "the script's TERM trap ran");
        assertTrue(result.elapsed().compareTo(timeout.plus(ProcessTree.GRACE)) < 0, "ended on TERM: " + result.elapsed());
        assertAllGone(result.stdout());
    }

    @Test
    void whatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        ProcessResult result = runner.run(timed("trap '' TERM; sleep 30 & echo $!; echo $$; wait"));

        assertEquals(Ending.TIMED_OUT, result.ending());
        assertEquals(1, result.killed(), result.toString());
        assertTrue(result.elapsed().compareTo(TIMEOUT.plus(ProcessTree.GRACE)) >= 0, "waited for the grace: " + result.elapsed());
        assertAllGone(result.stdout());
    }

    @Test
    void anInterruptedCallerKillsTheTreeFirst() throws Exception {
        CountDownLatch written = new CountDownLatch(3);
        StringBuffer pids = new StringBuffer();
        ProcessCommand command = sh("sleep 30 & echo $!; sleep 30 & echo $!; echo $$; wait").onLine((line, error) -> {
            pids.append(line).append('\n');
            written.countDown();
        });
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(command);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        caller.start();
        assertTrue(written.await(10, TimeUnit.SECONDS), "the pids are written");

        caller.interrupt();

        assertTrue(thrown.get(10, TimeUnit.SECONDS) instanceof InterruptedException, String.valueOf(thrown.getNow(null)));
        assertAllGone(pids.toString());
    }

    @Test
    void aStartedCommandIsKilledAtItsTimeoutToo() throws Exception {
        ProcessResult result = runner.start(timed("sleep 30 & echo $!; echo $$; wait")).get(10, TimeUnit.SECONDS);

        assertEquals(Ending.TIMED_OUT, result.ending());
        assertEquals(1, result.killed());
        assertAllGone(result.stdout());
    }

    @Test
    void processTreeCountsWhatItEnded() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & sleep 30 & wait").start();
        awaitChildren(parent.toHandle(), 2);

        int killed = ProcessTree.kill(parent.toHandle(), ProcessTree.GRACE);

        assertEquals(2, killed);
        assertTrue(parent.waitFor(5, TimeUnit.SECONDS));
        assertEquals(0, parent.toHandle().descendants().count());
    }

    private static ProcessCommand timed(String script) {
        return ProcessCommand.of(List.of("sh", "-c", script), TIMEOUT);
    }

    private static void awaitChildren(ProcessHandle parent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (parent.children().count() < count) {
            assertTrue(System.nanoTime() < deadline, "the children start");
            Thread.sleep(10);
        }
    }

    /** Each line a pid the command wrote: none may still run. */
    static void assertAllGone(String pids) throws InterruptedException {
        List<Long> listed = pids.lines().map(String::strip).filter(line -> line.matches("\\d+")).map(Long::parseLong).toList();
        assertTrue(!listed.isEmpty(), "pids: " + pids);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (long pid : listed) {
            while (true) {
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                if (process.isEmpty() || !process.get().isAlive() || zombie(pid)) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "process " + pid + " still runs");
                Thread.sleep(10);
            }
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (Exception e) {
            return false;
        }
    }
}
