package org.ipfailover.run.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A browser's DevTools websocket brought out of a host's namespace, where the test's JVM cannot
 * connect: every line on stdin goes to the browser as one message, every message from it comes
 * out as one line on stdout (DevTools' JSON holds no raw line break). Ends when stdin closes or
 * the browser closes the socket. {@code DevToolsPipe ws://127.0.0.1:<port>/devtools/browser/<id>}
 */
public final class DevToolsPipe {
    private DevToolsPipe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DevToolsPipe <DevTools websocket URL>");
            System.exit(64);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().newWebSocketBuilder()
                .buildAsync(URI.create(args[0]), new Lines(out, closed)).get();
        Thread reader = new Thread(() -> forward(socket), "stdin");
        reader.setDaemon(true);
        reader.start();
        closed.join();
        out.flush();
        System.exit(0);
    }

    private static void forward(WebSocket socket) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                socket.sendText(line, true).join();
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        } catch (Exception e) {
            System.err.println("DevToolsPipe: " + e);
        }
        System.exit(0);
    }

    /** Puts a message's parts together and writes it as one line. */
    private static final class Lines implements WebSocket.Listener {
        private final PrintStream out;
        private final CompletableFuture<Void> closed;
        private final StringBuilder message = new StringBuilder();

        Lines(PrintStream out, CompletableFuture<Void> closed) {
            this.out = out;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                out.println(message);
                out.flush();
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            System.err.println("DevToolsPipe: " + error);
            closed.complete(null);
        }
    }
}
