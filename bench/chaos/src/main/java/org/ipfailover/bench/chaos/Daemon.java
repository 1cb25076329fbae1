package org.ipfailover.bench.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ipfailover node of the lab, run by the copied launcher in its host's namespace ({@code ip
 * netns exec} and the launcher exec one another, so the PID is the JVM's). Its commands go
 * through the control socket, by the node's own client ({@code CtlClient.run} from the copied
 * ipfailover-ctl.jar on the class path) in this process, with a time limit: a paused node
 * accepts the connection and answers only once it runs again.
 */
final class Daemon {
    private static final Method CTL_RUN = ctlClient();

    private final String host;
    private final NodeHome home;
    private final Lab lab;
    private final Path dist;
    private final Spawner spawner;
    private final ExecutorService ctl;
    private volatile Process process;
    private volatile int incarnation;
    private volatile boolean paused;
    private volatile long startedMicros;

    Daemon(String host, NodeHome home, Lab lab, Path dist, Spawner spawner) {
        this.host = host;
        this.home = home;
        this.lab = lab;
        this.dist = dist;
        this.spawner = spawner;
        this.ctl = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ctl-" + host);
            thread.setDaemon(true);
            return thread;
        });
    }

    String host() {
        return host;
    }

    NodeHome home() {
        return home;
    }

    int incarnation() {
        return incarnation;
    }

    boolean running() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** When the current run was started. */
    long startedMicros() {
        return startedMicros;
    }

    boolean paused() {
        return paused;
    }

    synchronized void start() {
        try {
            Files.deleteIfExists(home.socket());
        } catch (IOException e) {
            Log.say(host + ": cannot remove the old control socket: " + e.getMessage());
        }
        incarnation++;
        startedMicros = Clock.nowMicros();
        process = spawner.start(List.of("ip", "netns", "exec", lab.namespace(host), dist.resolve("ipfailover").toString(), "--daemon"),
                Map.of("IPFAILOVER_HOME", home.home().toString()), home.home().resolveSibling(host + ".out"));
    }

    synchronized void kill() {
        paused = false;
        Spawner.kill(process);
    }

    /** SIGTERM and wait for the clean stop. @return false when it had to be killed after 20 s */
    synchronized boolean stop() {
        Spawner.signal(process, "TERM");
        if (Spawner.await(process, 20_000)) {
            return true;
        }
        Spawner.kill(process);
        return false;
    }

    void pause() {
        paused = true;
        Spawner.signal(process, "STOP");
    }

    void resume() {
        Spawner.signal(process, "CONT");
        paused = false;
    }

    /** @return what the command printed, or null when the node did not answer in time or the command failed */
    String ctl(String command, long timeoutMillis) {
        if (!running()) {
            return null;
        }
        Future<String> answer = ctl.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>();
            args.add(home.socket().toString());
            args.addAll(List.of(command.split(" ")));
            int status;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = (Integer) CTL_RUN.invoke(null, args.toArray(String[]::new), o, e);
            }
            return status == 0 ? out.toString(StandardCharsets.UTF_8) : null;
        });
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static Method ctlClient() {
        try {
            return Class.forName("org.ipfailover.console.internal.CtlClient").getMethod("run", String[].class, PrintStream.class,
                    PrintStream.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ipfailover-ctl.jar is not on the class path, or has no CtlClient.run(String[], PrintStream, "
                    + "PrintStream): " + e, e);
        }
    }

    void close() {
        ctl.shutdownNow();
    }
}
