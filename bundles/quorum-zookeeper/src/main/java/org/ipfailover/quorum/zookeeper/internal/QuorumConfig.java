package org.ipfailover.quorum.zookeeper.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The ZooKeeper quorum's configuration, PID {@value #PID} (file {@code conf/org.ipfailover.quorum.zookeeper.cfg}). */
@ObjectClassDefinition(name = "ipfailover quorum (ZooKeeper)",
        description = "A lease per group in a ZooKeeper ensemble: a node holds a group only while it holds the group's lease.")
public @interface QuorumConfig {
    /** The configuration PID. */
    String PID = "org.ipfailover.quorum.zookeeper";

    @AttributeDefinition(description = "The ensemble's servers, host:port separated by commas, e.g. zk1:2181,zk2:2181,zk3:2181")
    String connectString();

    @AttributeDefinition(description = "The session timeout asked of the ensemble, in ms; it grants one between 2 and 20 of its ticks."
            + " A lost connection is noticed after 2/3 of it, and the groups are released then.")
    int sessionTimeoutMillis() default 6000;

    @AttributeDefinition(description = "How long the first connection may take before the quorum is reported unreachable, in ms")
    int connectionTimeoutMillis() default 5000;

    @AttributeDefinition(description = "The znode under which this cluster's leases live (one per group, in <basePath>/leases)")
    String basePath() default "/ipfailover";

    @AttributeDefinition(required = false, description = "A file holding user:password for ZooKeeper's digest authentication"
            + " (mode 0600 or 0400); the leases are then created readable by all, writable by that user only")
    String digestFile() default "";

    @AttributeDefinition(description = "Connect to the servers' secureClientPort over TLS (ZooKeeper's Netty client);"
            + " the tls* keys say with what")
    boolean tls() default false;

    @AttributeDefinition(required = false, description = "The certificates this node trusts for the servers (their CA):"
            + " a .p12 (PKCS12), .jks or .pem file; empty: the JVM's default CAs")
    String tlsTrustStore() default "";

    @AttributeDefinition(required = false, description = "A file holding the trust store's password on its first line (mode 0600 or 0400)")
    String tlsTrustStorePasswordFile() default "";

    @AttributeDefinition(required = false, description = "This node's certificate and private key, for servers that ask for"
            + " client certificates (ZooKeeper's default, ssl.clientAuth=need): a .p12 (PKCS12), .jks or .pem file")
    String tlsKeyStore() default "";

    @AttributeDefinition(required = false, description = "A file holding the key store's password on its first line (mode 0600 or 0400)")
    String tlsKeyStorePasswordFile() default "";

    @AttributeDefinition(description = "Check that a server's certificate names the host or address this node connects to;"
            + " false only for certificates that cannot (never needed with a certificate per server)")
    boolean tlsHostnameVerification() default true;

    @AttributeDefinition(required = false, description = "A file holding user:password for ZooKeeper's SASL authentication"
            + " (DIGEST-MD5, the servers' JAAS Server section; mode 0600 or 0400)")
    String saslFile() default "";
}
