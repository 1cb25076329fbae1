package org.ipfailover.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ipfailover.console.internal.CtlClient;

/** A node started from the exported jar with {@code run/ipfailover --daemon}, in a home of its own. */
final class NodeProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("ipfailover.dist", "")).toAbsolutePath();
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    final Path home;
    private final Process process;

    private NodeProcess(Path home, Process process) {
        this.home = home;
        this.process = process;
    }

    static NodeProcess start(Path home) throws IOException, InterruptedException {
        return start(home, List.of());
    }

    /** @param prefix what the launcher runs under, e.g. {@code ip netns exec <namespace>} */
    static NodeProcess start(Path home, List<String> prefix) throws IOException, InterruptedException {
        return start(home, prefix, Map.of());
    }

    /** @param env more environment for the launcher, e.g. {@code IPFAILOVER_JAVA_OPTS} */
    static NodeProcess start(Path home, List<String> prefix, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path http = home.resolve("conf/org.ipfailover.http.cfg");
        if (prefix.isEmpty() && !Files.exists(http)) {
            // the root namespace is shared by every suite and both nodes of a pair: one 127.0.0.1:9694 for all of them
            Files.createDirectories(http.getParent());
            Files.writeString(http, "port = -1\n");
        }
        List<String> command = new ArrayList<>(prefix);
        command.add(DIST.resolve("ipfailover").toString());
        command.add("--daemon");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("IPFAILOVER_HOME", home.toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(home.resolve("console.out").toFile());
        NodeProcess node = new NodeProcess(home, builder.start());
        node.await("the control socket", START_TIMEOUT, () -> Files.exists(node.socket()));
        return node;
    }

    /** @return the node's state for a group, from {@code failover:status}, or "?" */
    String groupState(String group) {
        try {
            for (String line : ctl("failover:status").out().lines().toList()) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length > 1 && cells[0].equals(group)) {
                    return cells[1];
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    Path socket() {
        return home.resolve("var/ipfailover.sock");
    }

    Path log() {
        return home.resolve("log/ipfailover.log");
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal to the node's JVM, e.g. STOP and CONT to freeze it the way a stalled host or VM is frozen. */
    void signal(String name) throws IOException, InterruptedException {
        NetnsLab.run("kill", "-" + name, String.valueOf(process.pid()));
    }

    /**
     * Runs one command over the node's control socket, in this JVM: the same protocol and socket as
     * {@code ipfailover ctl}, without starting a JVM for every poll (see {@link #launcherCtl}).
     */
    Result ctl(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(socket().toString()));
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = CtlClient.run(args.toArray(String[]::new), outStream, errStream);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code run/ipfailover ctl <command>} as an operator does, with extra environment. */
    Result launcherCtl(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(DIST.resolve("ipfailover").toString(), "ctl"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().put("IPFAILOVER_HOME", home.toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "ctl", ".out");
        Path err = Files.createTempFile(home, "ctl", ".err");
        Process ctl = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
            ctl.destroyForcibly();
            throw new AssertionError("ctl " + String.join(" ", command) + " did not finish");
        }
        Result result = new Result(ctl.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Writes a file the way an operator's editor would, in one rename, so FileInstall never reads half of it. */
    void write(String relative, String content) throws IOException {
        Path target = home.resolve(relative);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(home, "write", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the node exited (status " + process.exitValue() + ") while waiting for " + what
                        + "; console: " + console());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** @return the exit status after SIGTERM */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the node did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    private String console() {
        try {
            return Files.readString(home.resolve("console.out"));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    record Result(int status, String out, String err) {
    }
}
