package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds of the control socket, on a real Unix socket with short limits. */
class ControlConnectionsTest {
    static final int LIMIT = 2;
    static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(LIMIT);
    Path socket;
    ServerSocketChannel server;
    ControlConnections connections;

    @BeforeEach
    void listen() throws IOException {
        socket = dir.resolve("ctl.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        connections = new ControlConnections(this::command, LIMIT, READ_TIMEOUT, () -> 30, () -> socket);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    connections.accept(server.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "test-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        release.countDown();
        server.close();
        connections.close();
    }

    private int command(String line, java.io.OutputStream out, java.io.OutputStream err) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        if (line.equals("block")) {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                return 1;
            }
        }
        print.println("ran " + line);
        return 0;
    }

    @Test
    void aClientThatSendsNoCommandIsToldAndClosedAfterTheReadTimeout() throws Exception {
        try (SocketChannel idle = connect()) {
            Exchange exchange = readUntilEnd(idle);
            assertEquals(ControlConnections.TIMED_OUT, exchange.status, exchange.err);
            assertTrue(exchange.err.contains("no command within 0.3 s; connection closed"), exchange.err);
        }
    }

    @Test
    void aClientThatSendsHalfACommandIsClosedToo() throws Exception {
        try (SocketChannel slow = connect()) {
            slow.write(java.nio.ByteBuffer.wrap(new byte[] {CtlProtocol.COMMAND, 0, 0, 0, 10, 'e', 'c'}));
            Exchange exchange = readUntilEnd(slow);
            assertEquals(ControlConnections.TIMED_OUT, exchange.status, exchange.err);
        }
    }

    @Test
    void aCommandFrameOver64KiBIsRefusedWithoutReadingIt() throws Exception {
        try (SocketChannel greedy = connect()) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(greedy));
            out.writeByte(CtlProtocol.COMMAND);
            out.writeInt(16 * 1024 * 1024);
            out.write(new byte[] {'l', 'b', ' '});
            out.flush();
            Exchange exchange = readUntilEnd(greedy);
            assertEquals(ControlConnections.REFUSED, exchange.status, exchange.err);
            assertTrue(exchange.err.contains("command refused: control frame of type C declares 16777216 bytes; at most 65536 are accepted "
                    + "(64 KiB is plenty for a Gogo command line)"), exchange.err);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedOnTheAcceptingThread() throws Exception {
        List<CompletableFuture<Exchange>> running = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            running.add(CompletableFuture.supplyAsync(() -> ctl("block")));
        }
        assertTrue(blocked.await(10, TimeUnit.SECONDS), "the first commands run");
        int threadsBefore = ctlThreads();

        for (int i = 0; i < 20; i++) {
            Exchange refused = ctl("echo");
            assertEquals(ControlConnections.BUSY, refused.status, refused.err);
            assertTrue(refused.err.contains("the node is busy: 2 control connections are open, the most it serves at once"), refused.err);
        }
        assertEquals(threadsBefore, ctlThreads(), "no thread per refused connection");

        release.countDown();
        for (CompletableFuture<Exchange> command : running) {
            Exchange done = command.get(10, TimeUnit.SECONDS);
            assertEquals(0, done.status, done.err);
            assertEquals("ran block\n", done.out);
        }
        Exchange after = awaitServed("echo");
        assertEquals("ran echo\n", after.out);
    }

    private Exchange awaitServed(String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Exchange exchange = ctl(line);
        while (exchange.status == ControlConnections.BUSY && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20); // the finished connections hand their places back just after their last frame
            exchange = ctl(line);
        }
        assertEquals(0, exchange.status, exchange.err);
        return exchange;
    }

    private static int ctlThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("ipfailover-ctl-\\d+")).count();
    }

    private Exchange ctl(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CtlClient.run(new String[] {socket.toString(), line}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Exchange(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    /** Reads frames until the node closes the connection; fails when it does not within 10 s. */
    static Exchange readUntilEnd(SocketChannel channel) throws Exception {
        CompletableFuture<Exchange> frames = CompletableFuture.supplyAsync(() -> {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            int status = -1;
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
                for (CtlProtocol.Frame frame; (frame = CtlProtocol.read(in)) != null;) {
                    switch (frame.type()) {
                        case CtlProtocol.OUT -> out.append(frame.text());
                        case CtlProtocol.ERR -> err.append(frame.text());
                        case CtlProtocol.EXIT -> status = frame.exitStatus();
                        default -> throw new IOException("frame type " + frame.type());
                    }
                }
            } catch (IOException e) {
                if (status == -1) {
                    throw new java.io.UncheckedIOException(e);
                }
                // after its answer, a node that left the client's bytes unread resets the connection rather than ending it
            }
            return new Exchange(status, out.toString(), err.toString());
        });
        try {
            return frames.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            channel.close();
            throw new AssertionError("the node did not close the connection within 10 s");
        }
    }

    record Exchange(int status, String out, String err) {
    }
}
