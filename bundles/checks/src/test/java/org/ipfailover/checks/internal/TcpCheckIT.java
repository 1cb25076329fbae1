package org.ipfailover.checks.internal;

import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Hashtable;
import java.util.Map;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.ipfailover.test.support.Await;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

/** The TCP check in Felix against a real listener on 127.0.0.1, open and then closed. */
class TcpCheckIT {
    static final String PID = TcpCheckConfig.FACTORY_PID;

    @Test
    void aListeningPortIsOkAndAClosedOneRefused(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "db", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=tcp-db)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        int port;
        HealthCheck check;
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            configuration.update(new Hashtable<>(Map.of("port", String.valueOf(port), "groups", "db")));
            check = checks.waitForService(Await.TIMEOUT.toMillis());
            assertNotNull(check, "no health check for the configuration");

            Result open = check.execute();

            assertEquals(Result.Status.OK, open.getStatus(), open.toString());
            assertTrue(open.toString().contains("connected to 127.0.0.1:" + port + " in "), open.toString());
        }

        Result closed = check.execute();

        assertEquals(Result.Status.CRITICAL, closed.getStatus(), closed.toString());
        assertTrue(closed.toString().contains("127.0.0.1:" + port + ": connection refused"), closed.toString());
    }

    @Test
    void aListenerThatTakesNoMoreConnectionsTimesOut(
            @InjectConfiguration(withFactoryConfig = @WithFactoryConfiguration(factoryPid = PID, name = "full", location = "?"))
            Configuration configuration,
            @InjectService(filter = "(hc.name=tcp-full)", cardinality = 0) ServiceAware<HealthCheck> checks) throws Exception {
        // a listener that never accepts, its backlog filled: Linux then drops the connection requests, unanswered
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                java.net.Socket first = new java.net.Socket();
                java.net.Socket second = new java.net.Socket()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            first.connect(address, 1000);
            second.connect(address, 1000);
            configuration.update(new Hashtable<>(Map.of("port", listener.getLocalPort(), "groups", "db", "timeout", 300)));
            HealthCheck check = checks.waitForService(Await.TIMEOUT.toMillis());
            assertNotNull(check, "no health check for the configuration");

            long start = System.nanoTime();
            Result result = awaitValue("an attempt that times out", check::execute, r -> !r.isOk());
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(result.toString().contains(": timed out after 300 ms"), result.toString());
            assertTrue(millis < 2000, millis + " ms");
        }
    }
}
