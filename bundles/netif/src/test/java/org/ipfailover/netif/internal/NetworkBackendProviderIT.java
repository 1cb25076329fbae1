package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.slf4j.LoggerFactory;

class NetworkBackendProviderIT {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin configAdmin;

    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    Configuration configuration;

    @BeforeEach
    void setUp() throws Exception {
        log.start();
        netifLogger().addAppender(log);
        configuration = configAdmin.getConfiguration(NetifConfig.PID, "?");
    }

    @AfterEach
    void tearDown() throws Exception {
        configuration.delete();
        netifLogger().detachAppender(log);
    }

    @Test
    void offersIproute2OnLinuxWithoutAnyConfiguration() throws Exception {
        ServiceReference<NetworkBackend> reference = awaitBackend("(ipfailover.backend=iproute2)");

        assertEquals(0, reference.getProperty(Constants.SERVICE_RANKING));
        NetworkBackend backend = context.getService(reference);
        try {
            assertEquals("iproute2", backend.name());
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    void aValueThatDoesNotParseIsLoggedOnceAndThePreviousBackendStays() throws Exception {
        configure(Map.of("namespace", "ipfo-netif-it", "arpCount", 2));
        long before = (Long) awaitBackend("(ipfailover.namespace=ipfo-netif-it)").getProperty(Constants.SERVICE_ID);

        configure(Map.of("namespace", "ipfo-netif-other", "arpCount", "lots"));
        awaitLog(Level.WARN, "Network backend keeps its previous configuration");

        List<String> errors = log(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("key 'arpCount'") && errors.get(0).contains("\"lots\" is not an integer"), errors.get(0));
        ServiceReference<NetworkBackend> still = awaitBackend("(ipfailover.backend=iproute2)");
        assertEquals(before, still.getProperty(Constants.SERVICE_ID), "the same backend is still offered");
        assertEquals("ipfo-netif-it", still.getProperty(NetworkBackendProvider.NAMESPACE_PROPERTY));
    }

    @Test
    void managesTheAddressesOfAConfiguredNamespace() throws Exception {
        TestNamespaces.assumeAvailable();
        try (TestNamespaces net = TestNamespaces.create()) {
            configure(Map.of("namespace", net.a));
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

    private void configure(Map<String, Object> properties) throws Exception {
        configuration.update(new Hashtable<>(properties));
    }

    private ServiceReference<NetworkBackend> awaitBackend(String filter) throws InterruptedException, InvalidSyntaxException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            var references = context.getServiceReferences(NetworkBackend.class, filter);
            if (!references.isEmpty()) {
                return references.iterator().next();
            }
            assertTrue(System.nanoTime() < deadline, "no NetworkBackend " + filter + "; log: " + log(Level.TRACE));
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private void awaitLog(Level level, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log(level, parts).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "not logged: " + List.of(parts) + " in " + log(Level.TRACE));
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private List<String> log(Level level, String... parts) {
        List<ILoggingEvent> events;
        synchronized (log) {
            events = new ArrayList<>(log.list);
        }
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> List.of(parts).stream().allMatch(m::contains)).toList();
    }

    private static Logger netifLogger() {
        return (Logger) LoggerFactory.getLogger("org.ipfailover.netif");
    }
}
