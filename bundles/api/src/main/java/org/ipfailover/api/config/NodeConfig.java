package org.ipfailover.api.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's configuration, PID {@value #PID} (file {@code conf/org.ipfailover.node.cfg}),
 * shared by the heartbeat and the detector.
 */
@ObjectClassDefinition(pid = NodeConfig.PID, name = "ipfailover node",
        description = "This node's identity, heartbeat networks and failure-detection timing.")
public @interface NodeConfig {
    /** The configuration PID. */
    String PID = "org.ipfailover.node";
    /** The default heartbeat port (Apple's IP Failover used 1694). */
    int DEFAULT_PORT = 1694;

    /** How heartbeats are authenticated. */
    enum Auth {
        /** HMAC-SHA256 with the key from {@code keyFile}. */
        hmac,
        /** None: anyone on the network can forge a beat. Logged as a warning at every start. */
        none
    }

    /** What a node does with the groups it holds when it loses the quorum ({@link org.ipfailover.api.quorum.GroupLease}). */
    enum OnQuorumLoss {
        /** Keeps them, as long as every live peer it hears reaches no quorum either; else releases. */
        keep,
        /** Releases them at once. */
        release
    }

    /** @return this node's id */
    @AttributeDefinition(description = "This node's id, as the groups' node lists name it (at most 64 bytes). Empty: the host name.")
    String id() default "";

    /** @return the key file */
    @AttributeDefinition(description = "File holding the shared heartbeat key (at least 16 bytes; create one with failover:keygen). Relative to the node's home.")
    String keyFile() default "conf/ipfailover.key";

    /** @return the authentication mode */
    @AttributeDefinition(description = "hmac (default) or none. none must be said explicitly and is warned about at every start.")
    Auth auth() default Auth.hmac;

    /** @return the heartbeat port */
    @AttributeDefinition(description = "UDP port heartbeats are sent to and received on.", min = "1", max = "65535")
    int port() default DEFAULT_PORT;

    /** @return the networks */
    @AttributeDefinition(description = "Heartbeat networks, each name=destination [destination ...], separated by ';' or given as a list. "
            + "A destination is a broadcast address, a multicast group or a peer's unicast address, with an optional :port "
            + "([v6]:port), e.g. public=198.51.100.255; private=203.0.113.2")
    String[] networks() default {};

    /** @return local bind addresses per network */
    @AttributeDefinition(description = "Optional local address per network, name=address, separated by ';': where to receive and send "
            + "that network's beats. Default: every address.")
    String[] bind() default {};

    /** @return the heartbeat interval */
    @AttributeDefinition(description = "Milliseconds between two heartbeats on each network.", min = "10")
    int interval() default 100;

    /** @return the dead time */
    @AttributeDefinition(description = "Milliseconds of silence on every network after which a peer is dead; on some networks only, an anomaly.", min = "20")
    int deadTime() default 300;

    /** @return the link debounce */
    @AttributeDefinition(description = "Milliseconds an interface carrying one of a group's addresses (or named in its trackInterfaces) "
            + "must stay down before this node counts as unhealthy for the group and hands it over. -1: one interval.", min = "-1")
    int linkDebounce() default -1;

    /** @return the state folder */
    @AttributeDefinition(description = "Folder of the state journal, relative to the node's home.")
    String stateFolder() default "var";

    /** @return what a holder does when it loses the quorum */
    @AttributeDefinition(description = "With a quorum (quorum-zookeeper): what a node that holds groups does when it loses the quorum. "
            + "keep (default): it keeps them only while every live peer it hears reaches no quorum either (the quorum is lost "
            + "everywhere), and releases them at once when it hears no peer or one that still reaches it; release: it releases them "
            + "at once. Without a quorum it has no effect.")
    OnQuorumLoss onQuorumLoss() default OnQuorumLoss.keep;
}
