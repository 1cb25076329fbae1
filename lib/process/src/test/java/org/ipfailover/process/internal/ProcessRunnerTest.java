package org.ipfailover.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ipfailover.process.internal.ProcessResult.Ending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command is given and what its result holds, with real processes. */
class ProcessRunnerTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final ProcessRunner runner = new ProcessRunner("test-process");

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void keepsStandardOutputAndErrorApartWithTheExitStatus() throws Exception {
        ProcessResult result = runner.run(sh("echo out; echo err >&2; exit 3"));

        assertEquals(Ending.EXITED, result.ending());
        assertEquals(3, result.exitStatus());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertFalse(result.succeeded());
        assertEquals(List.of("err", "out"), result.lastLines().stream().sorted().toList());
    }

    @Test
    void mergedOutputKeepsTheOrderItWasWrittenIn() throws Exception {
        ProcessResult result = runner.run(sh("echo one; echo two >&2; echo three").mergeErrors());

        assertEquals("one\ntwo\nthree\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals(List.of("one", "two", "three"), result.lastLines());
        assertEquals("three", result.lastLine());
        assertTrue(result.succeeded());
    }

    @Test
    void passesArgumentsAsTheyAreWithoutAShell(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");

        ProcessResult result = runner.run(ProcessCommand.of(List.of("echo", "a b", "$(touch " + marker + ")", ";", "*"), TIMEOUT));

        assertEquals("a b $(touch " + marker + ") ; *\n", result.stdout());
        assertFalse(Files.exists(marker));
    }

    @Test
    void theListenerHearsEachLineAsWrittenAndTheLastLinesAreTheNonBlankOnesStripped() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        StringBuilder script = new StringBuilder("printf 'dos\\r\\n'; echo; echo '  padded  '");
        for (int i = 1; i <= 12; i++) {
            script.append("; echo line").append(i);
        }
        script.append("; printf 'no end'");

        ProcessResult result = runner.run(sh(script.toString()).onLine((line, error) -> heard.add((error ? "err:" : "out:") + line)));

        assertEquals(List.of("out:dos", "out:", "out:  padded  ", "out:line1"), heard.subList(0, 4));
        assertEquals(List.of("out:line12", "out:no end"), heard.subList(14, 16));
        assertEquals(16, heard.size(), heard.toString());
        assertEquals(ProcessResult.LAST_LINES, result.lastLines().size());
        assertEquals("line4", result.lastLines().get(0));
        assertEquals("no end", result.lastLine());
    }

    @Test
    void theListenerHearsWhichStreamALineCameFrom() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());

        runner.run(sh("echo warned >&2").onLine((line, error) -> heard.add((error ? "err:" : "out:") + line)));

        assertEquals(List.of("err:warned"), heard);
    }

    @Test
    void keepsTheStartOfALongOutputAndReadsItToItsEnd() throws Exception {
        ProcessResult result = runner.run(sh("head -c 1000000 /dev/zero | tr '\\0' a; echo; echo the end").maxOutput(1000));

        assertTrue(result.succeeded(), result.toString());
        assertEquals("a".repeat(1000), result.stdout());
        assertEquals("the end", result.lastLine());
    }

    @Test
    void aCommandThatCannotStartSaysWhy() throws Exception {
        ProcessResult result = runner.run(ProcessCommand.of(List.of("/nonexistent/ipfo-tool", "x"), TIMEOUT));

        assertEquals(Ending.NOT_STARTED, result.ending());
        assertFalse(result.started());
        assertEquals(ProcessResult.NO_STATUS, result.exitStatus());
        assertTrue(result.startFailure().contains("/nonexistent/ipfo-tool"), result.startFailure());
    }

    @Test
    void theEnvironmentIsTheNodesWithoutWhatIsLeftOutPlusWhatIsSet(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv("HOME") != null && System.getenv("PATH") != null, "a HOME and a PATH to inherit");

        ProcessResult result = runner.run(sh("echo \"${HOME:-unset} ${PATH:+path} $LC_ALL $LANG $EXTRA\"; pwd").withoutInherited("HOME")
                .environment(Map.of("EXTRA", "given")).cLocale().directory(dir));

        assertEquals(List.of("unset path C C given", dir.toRealPath().toString()), result.stdout().lines().toList());
    }

    @Test
    void standardInputIsEmpty() throws Exception {
        ProcessResult result = runner.run(sh("cat; echo read all"));

        assertEquals("read all\n", result.stdout());
    }

    @Test
    void aDaemonHoldingThePipeDelaysTheResultOnlyByTheDrainTime() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = runner.run(sh("sleep 30 & echo $!"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        try {
            assertEquals(Ending.EXITED, result.ending());
            assertTrue(result.succeeded());
            assertTrue(millis < TIMEOUT.toMillis() / 2, "took " + millis + " ms");
        } finally {
            ProcessHandle.of(Long.parseLong(result.stdout().strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startDoesNotWaitAndItsResultComesAtTheEnd(@TempDir Path dir) throws Exception {
        CompletableFuture<ProcessResult> started = runner.start(awaitingFile(dir.resolve("go")));

        assertFalse(started.isDone());
        Files.createFile(dir.resolve("go"));
        assertEquals("done\n", started.get(5, TimeUnit.SECONDS).stdout());
    }

    @Test
    void aClosedRunnerStartsNothingAndLetsThoseRunningEnd(@TempDir Path dir) throws Exception {
        CompletableFuture<ProcessResult> running = runner.start(awaitingFile(dir.resolve("go")));
        runner.close();

        ProcessResult refused = runner.run(sh("echo never"));

        assertEquals(Ending.NOT_STARTED, refused.ending());
        assertEquals("its component has stopped", refused.startFailure());
        Files.createFile(dir.resolve("go"));
        assertEquals("done\n", running.get(5, TimeUnit.SECONDS).stdout());
    }

    static ProcessCommand awaitingFile(Path file) {
        return sh("while [ ! -e '" + file + "' ]; do sleep 0.02; done; echo done");
    }

    static ProcessCommand sh(String script) {
        return ProcessCommand.of(List.of("sh", "-c", script), TIMEOUT);
    }
}
