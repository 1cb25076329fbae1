package org.ipfailover.quorum.zookeeper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.server.auth.DigestLoginModule;
import org.junit.jupiter.api.Test;

/** The client's TLS and SASL settings are its own: nothing reaches the JVM's System properties, and JAAS only under names of ours. */
class ClientSettingsTest {
    private static QuorumSettings settings(Optional<TlsSettings> tls, Optional<QuorumSettings.SaslLogin> sasl) {
        return new QuorumSettings("zk1:2281", 6000, 5000, "/ipfailover", "a", Optional.empty(), tls, sasl);
    }

    @Test
    void tlsGoesIntoThisClientsConfigurationOnly() {
        TlsSettings tls = new TlsSettings(Optional.of(new TlsSettings.Store(Path.of("/etc/ipfailover/ca.pem"), "PEM", "")),
                Optional.of(new TlsSettings.Store(Path.of("/etc/ipfailover/node.p12"), "PKCS12", "secret")), true);
        ZKClientConfig config = ClientSettings.of(settings(Optional.of(tls), Optional.empty()), null);
        assertTrue(config.getBoolean(ZKClientConfig.SECURE_CLIENT));
        assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", config.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET));
        assertEquals("/etc/ipfailover/ca.pem", config.getProperty("zookeeper.ssl.trustStore.location"));
        assertEquals("PEM", config.getProperty("zookeeper.ssl.trustStore.type"));
        assertEquals("/etc/ipfailover/node.p12", config.getProperty("zookeeper.ssl.keyStore.location"));
        assertEquals("secret", config.getProperty("zookeeper.ssl.keyStore.password"));
        assertEquals("true", config.getProperty("zookeeper.ssl.hostnameVerification"));
        for (String key : new String[] {ZKClientConfig.SECURE_CLIENT, ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET,
                "zookeeper.ssl.keyStore.location", "zookeeper.ssl.trustStore.location"}) {
            assertNull(System.getProperty(key), key);
        }
        assertNull(config.getProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY));
        assertNull(config.getProperty(ClientSettings.FIPS_MODE));
    }

    @Test
    void saslLogsInUnderASectionOfItsOwnAndLeavesTheOthersAlone() {
        Configuration before = Configuration.getConfiguration();
        String section = SaslLogins.add("ipfailover", "s3cret");
        try {
            ZKClientConfig config = ClientSettings.of(settings(Optional.empty(),
                    Optional.of(new QuorumSettings.SaslLogin("ipfailover", "s3cret", "conf/zk.sasl"))), section);
            assertEquals(section, config.getProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY));
            assertEquals("false", config.getProperty(ClientSettings.FIPS_MODE), "DIGEST-MD5 is refused in ZooKeeper's FIPS mode");
            assertNull(System.getProperty(ClientSettings.FIPS_MODE));
            assertTrue(section.startsWith(SaslLogins.PREFIX), section);
            assertNull(System.getProperty("java.security.auth.login.config"));
            AppConfigurationEntry[] entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
            assertEquals(DigestLoginModule.class.getName(), entries[0].getLoginModuleName());
            assertEquals(Map.of("username", "ipfailover", "password", "s3cret"), entries[0].getOptions());
            assertEquals(before.getAppConfigurationEntry("Client") == null, Configuration.getConfiguration().getAppConfigurationEntry("Client") == null);
            assertNotSame(before, Configuration.getConfiguration());
        } finally {
            SaslLogins.remove(section);
        }
        assertNull(Configuration.getConfiguration().getAppConfigurationEntry(section));
        assertSame(before, Configuration.getConfiguration());
    }
}
