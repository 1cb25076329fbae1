package org.ipfailover.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/** The HTTP check in Felix against a real HTTP server on 127.0.0.1: statuses it expects or not, and a server that never answers. */
class HttpCheckIT {
    static final String PID = HttpCheckConfig.FACTORY_PID;

    final AtomicInteger status = new AtomicInteger(200);
    final CountDownLatch end = new CountDownLatch(1);
    final ExecutorService handlers = Executors.newCachedThreadPool();
    HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/never", exchange -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        end.countDown();
        server.stop(0);
        handlers.shutdownNow();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void anExpectedStatusIsOkAndAnotherCritical(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "web", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=http-web)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("url", url("/health"), "groups", "web")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        Result ok = check.execute();
        status.set(503);
        Result unavailable = check.execute();

        assertEquals(Result.Status.OK, ok.getStatus(), ok.toString());
        assertTrue(ok.toString().contains("HTTP 200"), ok.toString());
        assertEquals(Result.Status.CRITICAL, unavailable.getStatus(), unavailable.toString());
        assertTrue(unavailable.toString().contains("HTTP 503 (expected 200-399)"), unavailable.toString());
    }

    @Test
    void statusesAndRangesCanBeListed(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "moved", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=http-moved)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("url", url("/health"), "groups", "web", "expect", "200-299, 301")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        status.set(301);
        Result moved = check.execute();
        status.set(302);
        Result found = check.execute();

        assertEquals(Result.Status.OK, moved.getStatus(), moved.toString());
        assertEquals(Result.Status.CRITICAL, found.getStatus(), found.toString());
        assertTrue(found.toString().contains("HTTP 302 (expected 200-299,301)"), found.toString());
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheTimeout(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "stuck", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=http-stuck)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        configuration.update(new Hashtable<>(Map.of("url", url("/never"), "groups", "web", "timeout", "300")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        long start = System.nanoTime();
        Result result = check.execute();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains(url("/never") + ": timed out after 300 ms"), result.toString());
        assertTrue(millis >= 300 && millis < 1500, millis + " ms");
    }

    @Test
    void aClosedPortIsRefused(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "down", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=http-down)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        String down;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = "http://127.0.0.1:" + gone.getLocalPort() + "/health";
        }
        configuration.update(new Hashtable<>(Map.of("url", down, "groups", "web")));
        HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
        assertNotNull(check, "no health check for the configuration");

        Result result = check.execute();

        assertEquals(Result.Status.CRITICAL, result.getStatus(), result.toString());
        assertTrue(result.toString().contains(down + ": connection refused"), result.toString());
    }
}
