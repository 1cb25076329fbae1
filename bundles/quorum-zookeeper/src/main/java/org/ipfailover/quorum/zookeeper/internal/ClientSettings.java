package org.ipfailover.quorum.zookeeper.internal;

import org.apache.zookeeper.client.ZKClientConfig;

/** One client's ZooKeeper settings from the quorum's: TLS through the Netty client, SASL through a login section of its own. */
final class ClientSettings {
    private static final String SSL = "zookeeper.ssl.";
    static final String FIPS_MODE = "zookeeper.fips-mode";

    private ClientSettings() {
    }

    /**
     * @param loginSection the JAAS section of this client's SASL login ({@link SaslLogins}), or null without SASL
     * @return the client's configuration, starting from ZooKeeper's defaults and the JVM's zookeeper.* properties
     */
    static ZKClientConfig of(QuorumSettings settings, String loginSection) {
        ZKClientConfig config = new ZKClientConfig();
        settings.tls().ifPresent(tls -> {
            config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
            config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
            config.setProperty(SSL + "hostnameVerification", Boolean.toString(tls.hostnameVerification()));
            tls.trustStore().ifPresent(store -> {
                config.setProperty(SSL + "trustStore.location", store.file().toString());
                config.setProperty(SSL + "trustStore.type", store.type());
                config.setProperty(SSL + "trustStore.password", store.password());
            });
            tls.keyStore().ifPresent(store -> {
                config.setProperty(SSL + "keyStore.location", store.file().toString());
                config.setProperty(SSL + "keyStore.type", store.type());
                config.setProperty(SSL + "keyStore.password", store.password());
            });
        });
        if (loginSection != null) {
            config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
            config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, loginSection);
            // DIGEST-MD5 does not name the server's host: no reverse DNS look-up of each server's address
            config.setProperty(ZKClientConfig.ZK_SASL_CLIENT_CANONICALIZE_HOSTNAME, "false");
            // ZooKeeper 3.9 refuses DIGEST-MD5, which FIPS does not approve, in its FIPS mode (on by default):
            // off for this client only, which also lets TLS check the server's name with ZooKeeper's own trust manager
            config.setProperty(FIPS_MODE, "false");
        }
        return config;
    }
}
