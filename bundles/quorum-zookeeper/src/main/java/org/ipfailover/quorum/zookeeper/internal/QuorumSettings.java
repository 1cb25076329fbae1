package org.ipfailover.quorum.zookeeper.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * The quorum's configuration once checked: every bad key is one problem in {@code check}, named
 * with its file.
 *
 * @param nodeId this node's id, written into the leases it holds
 * @param digest user:password for digest authentication, if configured
 * @param tls TLS to the servers' secureClientPort, if configured
 * @param sasl the user and password for SASL DIGEST-MD5, if configured
 */
record QuorumSettings(String connectString, int sessionTimeoutMillis, int connectionTimeoutMillis, String basePath,
        String nodeId, Optional<String> digest, Optional<TlsSettings> tls, Optional<SaslLogin> sasl) {

    /** A SASL login read from {@code file} (as configured, for log lines). */
    record SaslLogin(String user, String password, String file) {
    }

    static final int MIN_SESSION_TIMEOUT = 1000;
    static final int MAX_SESSION_TIMEOUT = 120_000;

    /**
     * @param config the quorum's configuration
     * @param nodeId this node's id
     * @param resolve resolves a configured path against the node's home
     * @param check collects the problems
     * @return the settings, or empty when {@code check} holds problems
     */
    static Optional<QuorumSettings> of(QuorumConfig config, String nodeId, Function<String, Path> resolve,
            ConfigurationCheck check) {
        String connect = config.connectString() == null ? "" : config.connectString().trim();
        check.check(!connect.isEmpty(), "connectString", "is missing: the ensemble's servers, e.g. zk1:2181,zk2:2181,zk3:2181");
        for (String server : connect.isEmpty() ? new String[0] : connect.replaceFirst("/.*$", "").split(",")) {
            if (!server.trim().matches("[^\\s:,/]+(:\\d{1,5})?")) {
                check.problem("connectString", "\"" + server.trim() + "\" is not host or host:port");
                break;
            }
        }
        check.check(config.sessionTimeoutMillis() >= MIN_SESSION_TIMEOUT && config.sessionTimeoutMillis() <= MAX_SESSION_TIMEOUT,
                "sessionTimeoutMillis", "is " + config.sessionTimeoutMillis() + "; it must be between " + MIN_SESSION_TIMEOUT
                        + " and " + MAX_SESSION_TIMEOUT + " ms");
        check.check(config.connectionTimeoutMillis() > 0, "connectionTimeoutMillis",
                "is " + config.connectionTimeoutMillis() + "; it must be positive (ms)");
        String base = config.basePath() == null ? "" : config.basePath().trim();
        check.check(base.matches("(/[A-Za-z0-9._-]+)+"), "basePath",
                "is \"" + base + "\"; it must be an absolute znode path such as /ipfailover (letters, digits, . _ -)");
        Optional<String> digest = userAndPassword(config.digestFile(), "digestFile", resolve, check);
        Optional<SaslLogin> sasl = userAndPassword(config.saslFile(), "saslFile", resolve, check)
                .map(line -> new SaslLogin(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1), config.saslFile().trim()));
        Optional<TlsSettings> tls = TlsSettings.of(config, resolve, check);
        if (!check.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new QuorumSettings(connect, config.sessionTimeoutMillis(), config.connectionTimeoutMillis(), base,
                nodeId, digest, tls, sasl));
    }

    /** @return the first line of the file named by {@code key}, if set, readable and user:password */
    private static Optional<String> userAndPassword(String value, String key, Function<String, Path> resolve, ConfigurationCheck check) {
        String file = value == null ? "" : value.trim();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            String line = SecretFile.firstLine(resolve.apply(file));
            if (line.indexOf(':') < 1 || line.endsWith(":")) {
                check.problem(key, file + " must hold user:password on its first line");
                return Optional.empty();
            }
            return Optional.of(line);
        } catch (IOException e) {
            check.problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return the parent znode of the groups' leases */
    String leasesPath() {
        return basePath + "/leases";
    }

    /** @return for logs and status: the servers, without credentials */
    String servers() {
        return connectString;
    }

    /** @return for the log: how the servers are reached, e.g. "TLS, SASL as ipfailover" */
    String transport() {
        String channel = tls.map(t -> "TLS" + (t.hostnameVerification() ? "" : " without hostname verification")).orElse("plain TCP");
        return channel + sasl.map(login -> ", SASL as " + login.user()).orElse("") + digest.map(d -> ", digest as " + d.substring(0, d.indexOf(':'))).orElse("");
    }
}
