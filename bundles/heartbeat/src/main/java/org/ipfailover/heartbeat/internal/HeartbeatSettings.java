package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NetworkDefinition;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;

/**
 * What the heartbeat runs with: {@link NodeConfig} checked, its networks parsed and its key read.
 *
 * @param source the configuration's file or PID, for messages
 * @param keyFile the key file, or null with {@code auth = none}
 * @param key the shared key, or null with {@code auth = none}
 * @param stateFolder where the boot counter and the peers' boots are kept
 */
record HeartbeatSettings(String source, String nodeId, int port, int intervalMillis, List<NetworkDefinition> networks,
        Path keyFile, byte[] key, Path stateFolder) {
    static final int MIN_INTERVAL = 10;

    /**
     * @param resolve resolves a configured path against the node's home
     * @param log receives each problem, one line each
     * @throws InvalidConfigurationException when anything is unusable
     */
    static HeartbeatSettings of(NodeConfig config, Map<String, ?> properties, Function<String, Path> resolve,
            Consumer<String> log) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(NodeConfig.class).orThrow(log);
        String nodeId = NodeHome.nodeId(config.id());
        int idBytes = nodeId.getBytes(StandardCharsets.UTF_8).length;
        check.check(idBytes <= HeartbeatCodec.MAX_NAME, "id",
                "\"" + nodeId + "\" is " + idBytes + " bytes of UTF-8; a node id has at most " + HeartbeatCodec.MAX_NAME);
        check.check(config.interval() >= MIN_INTERVAL, "interval",
                config.interval() + " is too short: expected at least " + MIN_INTERVAL + " (milliseconds)");
        check.check(config.port() > 0 && config.port() < 65536, "port",
                config.port() + " is not a UDP port: expected 1..65535");
        List<NetworkDefinition> networks = networks(config, check);
        Path keyFile = null;
        byte[] key = null;
        if (config.auth() == NodeConfig.Auth.hmac) {
            keyFile = resolve.apply(config.keyFile());
            try {
                key = HeartbeatKey.read(keyFile);
            } catch (IOException e) {
                check.problem("keyFile", e.getMessage() + " (or set auth = none to send unauthenticated heartbeats)");
            }
        }
        check.orThrow(log);
        return new HeartbeatSettings(check.source(), nodeId, config.port(), config.interval(), networks, keyFile, key,
                resolve.apply(config.stateFolder()));
    }

    /**
     * @param config the configuration
     * @param resolve resolves a configured path against the node's home
     * @return the key file the configuration names, whether or not it is usable; null with
     *         {@code auth = none} or when the configuration does not say
     */
    static Path keyFileOf(NodeConfig config, Function<String, Path> resolve) {
        try {
            return config.auth() == NodeConfig.Auth.hmac ? resolve.apply(config.keyFile()) : null;
        } catch (RuntimeException unusable) {
            return null;
        }
    }

    /** @return these settings with another key from the same file */
    HeartbeatSettings withKey(byte[] next) {
        return new HeartbeatSettings(source, nodeId, port, intervalMillis, networks, keyFile, next, stateFolder);
    }

    private static List<NetworkDefinition> networks(NodeConfig config, ConfigurationCheck check) {
        int port = config.port() > 0 && config.port() < 65536 ? config.port() : NodeConfig.DEFAULT_PORT;
        try {
            NetworkDefinition.parse(config.networks(), new String[0], port);
        } catch (IllegalArgumentException e) {
            check.problem("networks", e.getMessage() + "; expected name=address [address ...], e.g. public=198.51.100.255");
            return List.of();
        }
        try {
            List<NetworkDefinition> networks = NetworkDefinition.parse(config.networks(), config.bind(), port);
            check.check(!networks.isEmpty(), "networks", "names no network; expected at least one name=address, "
                    + "e.g. public=198.51.100.255");
            for (NetworkDefinition network : networks) {
                checkIpVersions(network, check);
            }
            return networks;
        } catch (IllegalArgumentException e) {
            check.problem("bind", e.getMessage() + "; expected name=address for networks named in 'networks'");
            return List.of();
        }
    }

    private static void checkIpVersions(NetworkDefinition network, ConfigurationCheck check) {
        if (network.bind() == null) {
            return;
        }
        for (InetSocketAddress destination : network.destinations()) {
            if (destination.getAddress().getClass() != network.bind().getClass()) {
                check.problem("bind", "network " + network.name() + " is bound to " + network.bind().getHostAddress()
                        + " but sends to " + destination.getAddress().getHostAddress()
                        + "; expected a bind address of the same IP version as the destinations");
            }
        }
    }

    boolean authenticated() {
        return key != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HeartbeatSettings that && source.equals(that.source) && nodeId.equals(that.nodeId)
                && port == that.port && intervalMillis == that.intervalMillis && networks.equals(that.networks)
                && Objects.equals(keyFile, that.keyFile) && Arrays.equals(key, that.key)
                && Objects.equals(stateFolder, that.stateFolder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, port, intervalMillis, networks);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "HeartbeatSettings[node " + nodeId + ", port " + port + ", every " + intervalMillis + " ms, " + networks
                + (key != null ? ", key from " + keyFile : ", unauthenticated") + "]";
    }
}
