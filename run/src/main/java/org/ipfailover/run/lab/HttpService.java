package org.ipfailover.run.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The lab's HTTP service, what a health check guards: answers every request with 200 and the name
 * of the host it runs on, or with 503 while the failing file exists (a service that runs but is
 * broken, switched without a restart). Prints {@code listening <port>} once it accepts requests.
 * {@code HttpService <name> <port> [<failing file>]}
 */
public final class HttpService {
    private HttpService() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: HttpService <name> <port> [<failing file>]");
            System.exit(64);
        }
        byte[] name = (args[0] + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] failing = "failing\n".getBytes(StandardCharsets.UTF_8);
        Path failingFile = args.length == 3 ? Path.of(args[2]) : null;
        int port = Integer.parseInt(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                boolean broken = failingFile != null && Files.exists(failingFile);
                byte[] body = broken ? failing : name;
                exchange.sendResponseHeaders(broken ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("listening " + port);
        System.out.flush();
    }
}
