package org.ipfailover.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One program run to its end, as an operator runs it: its status and its output (stdout and stderr together). */
record Command(int status, String out) {
    /** The launcher's own variables, unset so that only what a test passes counts. */
    static final List<String> LAUNCHER_VARIABLES = List.of("IPFAILOVER_HOME", "IPFAILOVER_SOCKET", "IPFAILOVER_JAR",
            "IPFAILOVER_JAVA_OPTS", "IPFAILOVER_CDS");

    static Command run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        LAUNCHER_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("ipfailover-dist", ".out");
        try {
            Process process = builder.redirectOutput(out.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Command(process.exitValue(), Files.readString(out));
        } finally {
            Files.delete(out);
        }
    }

    static Command run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Map.of());
    }

    /** @return the output of a run that must succeed */
    static String ok(String... command) throws IOException, InterruptedException {
        Command result = run(command);
        if (result.status != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.status + ": " + result.out);
        }
        return result.out;
    }
}
