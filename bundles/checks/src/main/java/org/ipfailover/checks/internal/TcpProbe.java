package org.ipfailover.checks.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.hc.api.Result;

/**
 * Connects to host:port and closes the connection at once. The attempt, with the name lookup that
 * has no timeout of its own, runs on a thread of the check's, so that the probe returns at its timeout.
 */
record TcpProbe(String host, int port, Duration timeout, ExecutorService attempts) implements Probe {
    @Override
    public Result probe() {
        long start = System.nanoTime();
        Future<?> attempt = attempts.submit(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            }
            return null;
        });
        try {
            attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(Result.Status.OK, "connected to " + target() + " in " + millis + " ms");
        } catch (TimeoutException e) {
            attempt.cancel(true);
            return new Result(Result.Status.CRITICAL, target() + ": " + Failures.timedOut(timeout));
        } catch (ExecutionException e) {
            return new Result(Result.Status.CRITICAL, target() + ": " + Failures.describe(e.getCause(), timeout));
        } catch (InterruptedException e) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(Result.Status.CRITICAL, target() + ": interrupted");
        }
    }

    String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
