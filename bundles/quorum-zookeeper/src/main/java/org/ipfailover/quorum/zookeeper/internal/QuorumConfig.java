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
}
