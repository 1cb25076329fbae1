package org.ipfailover.heartbeat.internal;

import java.util.stream.Collectors;
import org.ipfailover.api.config.NetworkDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lines that say a heartbeat started: its node, boot, interval and networks, and how it is authenticated. */
final class StartLog {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatService.class);

    private StartLog() {
    }

    static void started(HeartbeatSettings started, BootSequence boot) {
        String networks = started.networks().stream().map(n -> describe(n, started.port()))
                .collect(Collectors.joining("; "));
        LOG.info("Heartbeat of node {} (boot {}) started from {}: every {} ms; {}", started.nodeId(), boot,
                started.source(), started.intervalMillis(), networks);
        if (started.authenticated()) {
            LOG.info("Heartbeats are authenticated with HMAC-SHA256, key from {}", started.keyFile());
        } else {
            LOG.warn("Heartbeats are NOT authenticated (auth = none in {}): anyone who can reach these networks can "
                    + "forge beats and make a dead node look alive to its peers",
                    started.source());
        }
    }

    private static String describe(NetworkDefinition network, int port) {
        String destinations = network.destinations().stream().map(d -> d.getAddress().getHostAddress() + ":" + d.getPort())
                .collect(Collectors.joining(", "));
        String local = network.bind() != null ? network.bind().getHostAddress() : "every address";
        return network.name() + " -> " + destinations + " (from " + local + ", port " + port + ")";
    }
}
