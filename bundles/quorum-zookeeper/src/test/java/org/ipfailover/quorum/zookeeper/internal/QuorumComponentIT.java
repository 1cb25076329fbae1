package org.ipfailover.quorum.zookeeper.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The component in Felix with Curator and ZooKeeper as bundles: nothing without its configuration,
 * nothing but one ERROR line per bad key with a bad one, and with a good one a GroupLease that
 * reports the quorum unreachable while no server answers (a loopback port nobody listens on). The
 * leases against a real ensemble are tested by run/'s QuorumZooKeeperIT.
 */
class QuorumComponentIT {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    Configuration configuration;

    @AfterEach
    void removeConfiguration() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
        Await.awaitTrue("the GroupLease service to go", () -> context.getServiceReference(GroupLease.class) == null);
        configuration = null;
    }

    @Test
    void nothingWithoutItsConfiguration() {
        assertNull(context.getServiceReference(GroupLease.class));
    }

    @Test
    void badValuesAreOneErrorLineEachAndNoService() throws Exception {
        try (LogLines log = LogLines.of(ZooKeeperQuorum.class)) {
            configuration = configAdmin.getConfiguration(QuorumConfig.PID, "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("connectString", "zk1:2181, zk 2");
            properties.put("sessionTimeoutMillis", "5");
            properties.put("basePath", "ipfailover");
            configuration.update(properties);
            log.await(Level.ERROR, "key 'basePath'");
            assertTrue(log.has(Level.ERROR, "key 'connectString'", "zk 2"), log.toString());
            assertTrue(log.has(Level.ERROR, "key 'sessionTimeoutMillis'", "5"), log.toString());
            assertNull(context.getServiceReference(GroupLease.class));
        }
    }

    @Test
    void unusableTlsAndSaslFilesAreOneErrorLineEachAndNoService() throws Exception {
        Path dir = Files.createTempDirectory("quorum-tls");
        try (LogLines log = LogLines.of(ZooKeeperQuorum.class)) {
            Path password = dir.resolve("trust.password");
            Files.writeString(password, "secret\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
            Path sasl = dir.resolve("zookeeper.sasl");
            Files.writeString(sasl, "no-colon\n");
            Files.setPosixFilePermissions(sasl, PosixFilePermissions.fromString("rw-------"));
            configuration = configAdmin.getConfiguration(QuorumConfig.PID, "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("connectString", "zk1:2281");
            properties.put("tls", "true");
            properties.put("tlsTrustStore", dir.resolve("ca.pem").toString());
            properties.put("tlsTrustStorePasswordFile", password.toString());
            properties.put("tlsKeyStore", dir.resolve("absent.p12").toString());
            properties.put("saslFile", sasl.toString());
            configuration.update(properties);
            log.await(Level.ERROR, "key 'tlsKeyStore'");
            assertTrue(log.has(Level.ERROR, "key 'tlsKeyStore'", "absent.p12"), log.toString());
            assertTrue(log.has(Level.ERROR, "key 'tlsTrustStorePasswordFile'", "chmod 600 " + password), log.toString());
            assertTrue(log.has(Level.ERROR, "key 'saslFile'", "user:password"), log.toString());
            assertNull(context.getServiceReference(GroupLease.class));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void unreachableEnsembleIsReported() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        configuration = configAdmin.getConfiguration(QuorumConfig.PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("connectString", "127.0.0.1:" + port);
        properties.put("connectionTimeoutMillis", "500");
        configuration.update(properties);
        GroupLease lease = Await.awaitValue("the GroupLease service", Await.TIMEOUT, () -> {
            var reference = context.getServiceReference(GroupLease.class);
            return reference == null ? null : context.getService(reference);
        }, service -> service != null);
        LinkedBlockingQueue<QuorumStatus> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = lease.watchQuorum(seen::add)) {
            QuorumStatus first = seen.poll(5, TimeUnit.SECONDS);
            assertFalse(first.reachable(), first.toString());
            QuorumStatus timedOut = first.detail().startsWith("no connection") ? first : seen.poll(5, TimeUnit.SECONDS);
            assertTrue(timedOut != null && timedOut.detail().contains("no connection to 127.0.0.1:" + port), String.valueOf(timedOut));
        }
        assertTrue(lease.holder("web").isEmpty());
    }
}
