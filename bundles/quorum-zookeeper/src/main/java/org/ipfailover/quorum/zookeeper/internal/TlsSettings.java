package org.ipfailover.quorum.zookeeper.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.zookeeper.common.X509Util;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * TLS to the ensemble once checked: each store is read with its password here, as ZooKeeper's
 * client will read it, so that a wrong file, type or password is a problem of its key and not a
 * connection that never comes.
 *
 * @param trustStore the servers' CA, or empty for the JVM's default CAs
 * @param keyStore this node's certificate and key, or empty
 */
record TlsSettings(Optional<Store> trustStore, Optional<Store> keyStore, boolean hostnameVerification) {
    private static final Map<String, String> TYPES = Map.of(".p12", "PKCS12", ".pfx", "PKCS12", ".jks", "JKS", ".pem", "PEM");
    private static final String[] KEYS = {"tlsTrustStore", "tlsTrustStorePasswordFile", "tlsKeyStore", "tlsKeyStorePasswordFile"};

    /** A key or trust store: its file, its type (PKCS12, JKS, PEM) and its password ("" for none). */
    record Store(Path file, String type, String password) {
        @Override
        public String toString() {
            return file + " (" + type + ")";
        }
    }

    /**
     * @return TLS settings when {@code tls} is true and every tls key is usable; empty otherwise,
     *         with a problem in {@code check} for each tls key set while {@code tls} is false
     */
    static Optional<TlsSettings> of(QuorumConfig config, Function<String, Path> resolve, ConfigurationCheck check) {
        String[] values = {config.tlsTrustStore(), config.tlsTrustStorePasswordFile(), config.tlsKeyStore(), config.tlsKeyStorePasswordFile()};
        if (!config.tls()) {
            for (int i = 0; i < KEYS.length; i++) {
                check.check(text(values[i]).isEmpty(), KEYS[i], "is set but tls is false; set tls = true to connect over TLS");
            }
            return Optional.empty();
        }
        int before = check.problems().size();
        Optional<Store> trust = store(values[0], values[1], "tlsTrustStore", "tlsTrustStorePasswordFile", true, resolve, check);
        Optional<Store> key = store(values[2], values[3], "tlsKeyStore", "tlsKeyStorePasswordFile", false, resolve, check);
        if (check.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TlsSettings(trust, key, config.tlsHostnameVerification()));
    }

    private static Optional<Store> store(String fileValue, String passwordValue, String key, String passwordKey, boolean trust,
            Function<String, Path> resolve, ConfigurationCheck check) {
        String name = text(fileValue);
        String passwordName = text(passwordValue);
        if (name.isEmpty()) {
            check.check(passwordName.isEmpty(), passwordKey, "is set but " + key + " is not");
            return Optional.empty();
        }
        String password = "";
        if (!passwordName.isEmpty()) {
            try {
                password = SecretFile.firstLine(resolve.apply(passwordName));
            } catch (IOException e) {
                check.problem(passwordKey, e.getMessage());
                return Optional.empty();
            }
        }
        Path file = resolve.apply(name);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot).toLowerCase(Locale.ROOT));
        if (type == null) {
            check.problem(key, name + " must end in .p12 or .pfx (PKCS12), .jks (JKS) or .pem (PEM): its type is read from its name");
            return Optional.empty();
        }
        try {
            if (trust) {
                X509Util.loadTrustStore(file.toString(), password, type);
            } else {
                X509Util.loadKeyStore(file.toString(), password, type);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            check.problem(key, file + " cannot be read as " + type + (passwordName.isEmpty() ? " without a password" : " with the password in "
                    + passwordName) + ": " + (e.getMessage() == null ? reason(e) : e.getMessage()));
            return Optional.empty();
        }
        return Optional.of(new Store(file, type, password));
    }

    /** @return the innermost message of a failure, the one that says what is wrong */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
