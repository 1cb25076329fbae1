package org.ipfailover.netif.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.config.InjectConfiguration;
import org.osgi.test.common.annotation.config.WithConfiguration;

class NetworkBackendProviderIT {
    @InjectBundleContext
    BundleContext context;

    LogLines log;

    @BeforeEach
    void setUp() {
        log = LogLines.of("org.ipfailover.netif");
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void offersNetlinkOnLinuxWithoutAnyConfiguration() throws Exception {
        ServiceReference<NetworkBackend> reference = awaitBackend("(ipfailover.backend=netlink)");

        assertEquals(0, reference.getProperty(Constants.SERVICE_RANKING));
        NetworkBackend backend = context.getService(reference);
        try {
            assertEquals("netlink", backend.name());
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    void aValueThatDoesNotParseIsLoggedOnceAndThePreviousBackendStays(@InjectConfiguration(withConfig = @WithConfiguration(
            pid = NetifConfig.PID, location = "?")) Configuration configuration) throws Exception {
        configuration.update(new Hashtable<>(Map.of("namespace", "ipfo-netif-it", "arpCount", 2)));
        long before = (Long) awaitBackend("(ipfailover.namespace=ipfo-netif-it)").getProperty(Constants.SERVICE_ID);

        configuration.update(new Hashtable<>(Map.of("namespace", "ipfo-netif-other", "arpCount", "lots")));
        log.await(Level.WARN, "Network backend keeps its previous configuration");

        List<String> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("key 'arpCount'") && errors.get(0).contains("\"lots\" is not an integer"), errors.get(0));
        ServiceReference<NetworkBackend> still = awaitBackend("(ipfailover.backend=netlink)");
        assertEquals(before, still.getProperty(Constants.SERVICE_ID), "the same backend is still offered");
        assertEquals("ipfo-netif-it", still.getProperty(NetworkBackendProvider.NAMESPACE_PROPERTY));
    }

    @Test
    void managesTheAddressesOfAConfiguredNamespace(@InjectConfiguration(withConfig = @WithConfiguration(pid = NetifConfig.PID,
            location = "?")) Configuration configuration) throws Exception {
        TestNamespaces.assumeAvailable();
        try (TestNamespaces net = TestNamespaces.create()) {
            configuration.update(new Hashtable<>(Map.of("namespace", net.a)));
            ServiceReference<NetworkBackend> reference = awaitBackend("(ipfailover.namespace=" + net.a + ")");
            NetworkBackend backend = context.getService(reference);
            Vip vip = Vip.parse(TestNamespaces.DEVICE_A + ":198.51.100.10/24");
            try {
                backend.acquire(vip);
                assertTrue(backend.held(vip.device()).contains(vip));
                assertTrue(TestNamespaces.ip("-n", net.a, "addr", "show", "dev", vip.device()).contains("198.51.100.10/24"));
                backend.release(vip);
                assertFalse(backend.held(vip.device()).contains(vip));
            } finally {
                context.ungetService(reference);
            }
        }
    }

    @Test
    void offersNetlinkWhenConfiguredAndCallsTheKernelThroughJnaInTheFramework(@InjectConfiguration(withConfig =
            @WithConfiguration(pid = NetifConfig.PID, location = "?")) Configuration configuration) throws Exception {
        TestNamespaces.assumeAvailable();
        try (TestNamespaces net = TestNamespaces.create()) {
            configuration.update(new Hashtable<>(Map.of("backend", "netlink", "namespace", net.a)));
            ServiceReference<NetworkBackend> reference = awaitBackend("(&(ipfailover.backend=netlink)(ipfailover.namespace=" + net.a + "))");
            NetworkBackend backend = context.getService(reference);
            Vip vip = Vip.parse(TestNamespaces.DEVICE_A + ":198.51.100.10/24");
            LinkEvents events = new LinkEvents();
            try {
                assertEquals("netlink", backend.name());
                assertTrue(backend.hasInterface(TestNamespaces.DEVICE_A));
                backend.acquire(vip);
                assertTrue(TestNamespaces.ip("-n", net.a, "addr", "show", "dev", vip.device()).contains("198.51.100.10/24"));
                backend.release(vip);
                assertFalse(backend.held(vip.device()).contains(vip));
                backend.watchLinks(events);
                events.awaitState("up", 0, TestNamespaces.DEVICE_A, LinkState::up);

                configuration.update(new Hashtable<>(Map.of("backend", "netlink", "namespace", net.a, "arpCount", 2)));

                assertEquals("the network backend netlink was withdrawn", events.awaitInterruption(0).interruption());
            } finally {
                context.ungetService(reference);
            }
        }
    }

    @Test
    void aWithdrawnBackendEndsItsLinkWatches(@InjectConfiguration(withConfig = @WithConfiguration(pid = NetifConfig.PID,
            location = "?")) Configuration configuration) throws Exception {
        TestNamespaces.assumeAvailable();
        try (TestNamespaces net = TestNamespaces.create()) {
            configuration.update(new Hashtable<>(Map.of("backend", "iproute2", "namespace", net.a)));
            ServiceReference<NetworkBackend> reference = awaitBackend("(ipfailover.namespace=" + net.a + ")");
            LinkEvents events = new LinkEvents();
            try {
                LinkMonitor watch = (LinkMonitor) context.getService(reference).watchLinks(events);
                events.awaitState("up", 0, TestNamespaces.DEVICE_A, LinkState::up);
                Path monitor = Path.of("/proc", Long.toString(watch.pid()));

                configuration.update(new Hashtable<>(Map.of("backend", "iproute2", "namespace", net.a, "arpCount", 2)));

                assertEquals("the network backend iproute2 was withdrawn", events.awaitInterruption(0).interruption());
                awaitTrue(monitor + " to be gone", () -> !Files.exists(monitor));
                assertEquals(-1, watch.pid());
            } finally {
                context.ungetService(reference);
            }
        }
    }

    private ServiceReference<NetworkBackend> awaitBackend(String filter) throws InterruptedException {
        return awaitValue("a NetworkBackend " + filter, () -> context.getServiceReferences(NetworkBackend.class, filter),
                references -> !references.isEmpty()).iterator().next();
    }
}
