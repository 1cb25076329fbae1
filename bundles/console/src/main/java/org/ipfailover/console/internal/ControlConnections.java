package org.ipfailover.console.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the connections of the control socket within bounds: at most {@code limit} at once (the
 * next ones get a one-frame refusal on the accepting thread, no thread of their own), each given
 * {@code readTimeout} to send its command, a command frame of at most
 * {@link CtlProtocol#MAX_COMMAND} bytes, and a command that runs at most the command timeout.
 */
final class ControlConnections implements AutoCloseable {
    static final int REFUSED = 65;
    static final int BUSY = 75;
    static final int TIMED_OUT = 124;
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnections.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Runs one command line; returns its exit status. */
    interface Commands {
        int run(String line, OutputStream out, OutputStream err);
    }

    private final Commands commands;
    private final int limit;
    private final Duration readTimeout;
    private final IntSupplier commandTimeoutSeconds;
    private final Supplier<Path> socket;
    private final Semaphore open;
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.named("ipfailover-ctl"));
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, Threads.named("ipfailover-ctl-deadline"));
    private final AtomicLong lastBusyWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /** @param socket the socket's path, for log lines */
    ControlConnections(Commands commands, int limit, Duration readTimeout, IntSupplier commandTimeoutSeconds, Supplier<Path> socket) {
        this.commands = commands;
        this.limit = limit;
        this.readTimeout = readTimeout;
        this.commandTimeoutSeconds = commandTimeoutSeconds;
        this.socket = socket;
        this.open = new Semaphore(limit);
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Serves the client, or refuses it when {@code limit} connections are open; returns at once. */
    void accept(SocketChannel client) {
        if (!open.tryAcquire()) {
            refuse(client);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    serve(client);
                } finally {
                    open.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            open.release();
            closeQuietly(client);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        workers.shutdownNow();
    }

    private void refuse(SocketChannel client) {
        long now = System.nanoTime();
        long last = lastBusyWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastBusyWarning.compareAndSet(last, now)) {
            LOG.warn("Control socket {}: {} connections are open, the most it serves at once; refusing more", socket.get(), limit);
        }
        answerAndClose(client, "ipfailover: the node is busy: " + limit + " control connections are open, the most it serves at once; "
                + "try again in a moment\n", BUSY);
    }

    private void serve(SocketChannel client) {
        AtomicBoolean waiting = new AtomicBoolean(true);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> {
                if (waiting.compareAndSet(true, false)) {
                    timedOut.set(true);
                    LOG.warn("Control socket {}: a client sent no command within {}; connection closed", socket.get(),
                            seconds(readTimeout));
                    answerAndClose(client, "ipfailover: no command within " + seconds(readTimeout) + "; connection closed\n", TIMED_OUT);
                }
            }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            closeQuietly(client);
            return;
        }
        try (client) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
            CtlProtocol.Frame request;
            try {
                request = CtlProtocol.read(in, CtlProtocol.MAX_COMMAND);
            } catch (CtlProtocol.FrameTooLongException e) {
                if (waiting.compareAndSet(true, false)) {
                    LOG.warn("Control socket {}: refused a client: {}", socket.get(), e.getMessage());
                    answerAndClose(client, "ipfailover: command refused: " + e.getMessage() + " (" + CtlProtocol.MAX_COMMAND / 1024
                            + " KiB is plenty for a Gogo command line)\n", REFUSED);
                }
                return;
            }
            if (!waiting.compareAndSet(true, false)) {
                return;
            }
            deadline.cancel(false);
            if (request == null || request.type() != CtlProtocol.COMMAND) {
                LOG.warn("Control socket {}: a client sent no command", socket.get());
                return;
            }
            run(request.text(), out);
        } catch (IOException e) {
            if (!timedOut.get()) {
                LOG.warn("Control socket {}: exchange with a client failed: {}", socket.get(), e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadline.cancel(false);
        }
    }

    private void run(String line, DataOutputStream out) throws IOException, InterruptedException {
        LOG.debug("ctl: {}", line);
        FrameOutputStream stdout = new FrameOutputStream(out, CtlProtocol.OUT);
        FrameOutputStream stderr = new FrameOutputStream(out, CtlProtocol.ERR);
        int timeout = commandTimeoutSeconds.getAsInt();
        Future<Integer> command = workers.submit(() -> commands.run(line, stdout, stderr));
        int status;
        try {
            status = command.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            command.cancel(true);
            CtlProtocol.writeText(out, CtlProtocol.ERR, "ipfailover: command interrupted after " + timeout + " s: " + line + "\n");
            status = TIMED_OUT;
        } catch (ExecutionException e) {
            CtlProtocol.writeText(out, CtlProtocol.ERR, "ipfailover: command failed: " + e.getCause() + "\n");
            status = 1;
        }
        stdout.flush();
        stderr.flush();
        CtlProtocol.writeExit(out, status);
    }

    /** Writes straight to the channel: another thread may be blocked reading it through a stream. */
    private static void answerAndClose(SocketChannel client, String text, int status) {
        try (client) {
            ByteBuffer answer = ByteBuffer.wrap(CtlProtocol.errorAndExit(text, status));
            while (answer.hasRemaining() && client.write(answer) > 0) {
                // a fresh connection's send buffer takes these few bytes at once
            }
        } catch (IOException gone) {
            // the client left first: nothing to tell
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
