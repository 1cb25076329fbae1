package org.ipfailover.detector.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NetworkDefinition;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;

/**
 * The parts of the node's configuration the detector uses, checked.
 *
 * @param linkDebounceMillis how long a tracked interface must be down before it counts
 * @param releaseOnQuorumLoss {@code onQuorumLoss = release}: a holder that loses the quorum releases at once
 */
record DetectorSettings(String node, List<String> networks, long intervalMillis, long deadMillis, Path stateFolder,
        long linkDebounceMillis, boolean releaseOnQuorumLoss) {

    /** Settings with {@code onQuorumLoss = keep}. */
    DetectorSettings(String node, List<String> networks, long intervalMillis, long deadMillis, Path stateFolder,
            long linkDebounceMillis) {
        this(node, networks, intervalMillis, deadMillis, stateFolder, linkDebounceMillis, false);
    }

    /** Settings whose link debounce is one interval. */
    DetectorSettings(String node, List<String> networks, long intervalMillis, long deadMillis, Path stateFolder) {
        this(node, networks, intervalMillis, deadMillis, stateFolder, intervalMillis);
    }

    /**
     * How long a peer may be silent on every network and still be alive (on one network, and no
     * anomaly): the dead time and a tenth of an interval. Beats go out on a fixed schedule, so with
     * a dead time of whole intervals the beat that follows lost ones arrives just at the deadline;
     * the tenth absorbs its lateness (the sender's timer, the receiver's thread), so that losing
     * two beats in a row never convicts a live peer at a dead time of three intervals.
     */
    long silenceNanos() {
        return deadMillis * 1_000_000L + intervalMillis * 100_000L;
    }

    /** @throws InvalidConfigurationException after logging each problem through {@code log} */
    static DetectorSettings of(NodeConfig config, Map<String, ?> properties, BundleContext context,
            java.util.function.Consumer<String> log) {
        return of(config, properties, path -> NodeHome.resolve(context, path), log);
    }

    /**
     * @param resolve resolves a configured path against the node's home
     * @throws InvalidConfigurationException after logging each problem through {@code log}
     */
    static DetectorSettings of(NodeConfig config, Map<String, ?> properties, java.util.function.Function<String, Path> resolve,
            java.util.function.Consumer<String> log) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(NodeConfig.class).orThrow(log);
        String node = NodeHome.nodeId(config.id());
        check.check(node.getBytes(StandardCharsets.UTF_8).length <= 64, "id", "\"" + node + "\" is longer than 64 bytes");
        List<String> networks = List.of();
        try {
            int port = config.port() > 0 && config.port() < 65536 ? config.port() : NodeConfig.DEFAULT_PORT; // the heartbeat names a bad port
            networks = NetworkDefinition.parse(config.networks(), config.bind(), port).stream()
                    .map(NetworkDefinition::name).toList();
            check.check(!networks.isEmpty(), "networks", "must name at least one heartbeat network, e.g. public=198.51.100.255");
        } catch (IllegalArgumentException e) {
            check.problem("networks", e.getMessage());
        }
        check.check(config.interval() >= 10, "interval", "must be at least 10 ms");
        check.check(config.deadTime() > config.interval(), "deadTime",
                "must be longer than the interval (" + config.interval() + " ms); three intervals or more is sound");
        check.check(config.linkDebounce() >= -1, "linkDebounce", "must be -1 (one interval) or a number of milliseconds");
        check.orThrow(log);
        return new DetectorSettings(node, networks, config.interval(), config.deadTime(),
                resolve.apply(config.stateFolder()), config.linkDebounce() < 0 ? config.interval() : config.linkDebounce(),
                config.onQuorumLoss() == NodeConfig.OnQuorumLoss.release);
    }
}
