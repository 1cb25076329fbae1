package org.ipfailover.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * The HTTP server as {@code org.ipfailover.http} describes it, checked: an address that parses, a
 * port in range, readable key store and password files.
 *
 * @param address the address to listen on
 * @param port the port; -1: no server
 * @param keyStore the key store for HTTPS, or null for plain HTTP
 * @param keyStorePassword its password, or null
 * @param username the user basic authentication asks for, or null for none
 * @param password that user's password, or null
 */
record HttpSettings(String address, int port, Path keyStore, String keyStorePassword, String username, String password) {
    static final int DEFAULT_PORT = 9694;

    boolean enabled() {
        return port > 0;
    }

    boolean tls() {
        return keyStore != null;
    }

    /** @return where it serves, for the log: {@code https://127.0.0.1:9694}, or "off" */
    String where() {
        if (!enabled()) {
            return "off";
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        return (tls() ? "https://" : "http://") + host + ":" + port + (username != null ? " (basic authentication)" : "");
    }

    @Override
    public String toString() {
        return "HttpSettings[" + where() + "]";
    }

    /**
     * @param config the configuration
     * @param properties its properties, for messages
     * @param resolve makes a configured path absolute (relative to the home)
     * @param check collects the problems
     * @return the settings, or null when a problem was found (the check holds it)
     */
    static HttpSettings of(HttpConfig config, Map<String, ?> properties, Function<String, Path> resolve, ConfigurationCheck check) {
        String address = config.address().trim();
        if (address.isEmpty()) {
            check.problem("address", "is empty; an address of this host, e.g. 127.0.0.1");
        } else if (!isLiteral(address)) {
            check.problem("address", "\"" + address + "\" is not an IPv4 or IPv6 address");
        }
        int port = config.port();
        check.check(port == -1 || (port >= 1 && port <= 65535), "port", port + " is not a port from 1 to 65535, nor -1 (off)");
        Path keyStore = null;
        String keyStorePassword = null;
        String store = config.keyStore().trim();
        String storePasswordFile = config.keyStorePasswordFile().trim();
        if (!store.isEmpty()) {
            keyStore = resolve.apply(store);
            if (!Files.isReadable(keyStore)) {
                check.problem("keyStore", keyStore + (Files.exists(keyStore) ? " cannot be read" : " does not exist"));
            }
            if (storePasswordFile.isEmpty()) {
                check.problem("keyStorePasswordFile", "must name the file holding the password of " + keyStore);
            } else {
                keyStorePassword = secret(resolve.apply(storePasswordFile), "keyStorePasswordFile", check);
            }
        } else {
            check.check(storePasswordFile.isEmpty(), "keyStorePasswordFile", "is set but keyStore is not");
        }
        String username = config.username().trim();
        String passwordFile = config.passwordFile().trim();
        String password = null;
        if (!username.isEmpty()) {
            check.check(!username.contains(":"), "username", "must not contain ':' (basic authentication separates it from the "
                    + "password with one)");
            if (passwordFile.isEmpty()) {
                check.problem("passwordFile", "must name the file holding the password of user " + username);
            } else {
                password = secret(resolve.apply(passwordFile), "passwordFile", check);
            }
        } else {
            check.check(passwordFile.isEmpty(), "username", "must name the user whose password is in " + passwordFile);
        }
        if (!check.problems().isEmpty()) {
            return null;
        }
        return new HttpSettings(address, port, keyStore, keyStorePassword, username.isEmpty() ? null : username, password);
    }

    /** Never a name: a name would be looked up, and could change under the node. */
    private static boolean isLiteral(String address) {
        if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!address.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String secret(Path file, String key, ConfigurationCheck check) {
        try {
            return SecretFile.read(file);
        } catch (IOException e) {
            check.problem(key, e.getMessage());
            return null;
        }
    }
}
