package org.ipfailover.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** org.ipfailover.http's keys, checked, and what Felix's Jetty is told to do with them. */
class HttpSettingsTest {
    @TempDir
    Path home;

    @Test
    void withoutAFileItServesPlainHttpOnLoopbackPort9694() {
        HttpSettings settings = settings(Map.of());
        assertEquals("http://127.0.0.1:9694", settings.where());
        Dictionary<String, Object> jetty = JettyProperties.of(settings);
        assertEquals("127.0.0.1", jetty.get("org.apache.felix.http.host"));
        assertEquals(9694, jetty.get("org.osgi.service.http.port"));
        assertEquals(true, jetty.get("org.apache.felix.http.enable"));
        assertEquals(false, jetty.get("org.apache.felix.https.enable"));
    }

    @Test
    void aKeyStoreMeansHttpsOnlyWithThePasswordFromItsFile() throws IOException {
        Files.writeString(home.resolve("http.p12"), "not read here");
        secret("store.pass", "s3cret\nsecond line ignored\n", "rw-------");
        HttpSettings settings = settings(Map.of("port", "8443", "keyStore", "http.p12", "keyStorePasswordFile", "store.pass"));
        assertEquals("https://127.0.0.1:8443", settings.where());
        Dictionary<String, Object> jetty = JettyProperties.of(settings);
        assertEquals(false, jetty.get("org.apache.felix.http.enable"));
        assertEquals(true, jetty.get("org.apache.felix.https.enable"));
        assertEquals(8443, jetty.get("org.osgi.service.http.port.secure"));
        assertEquals(home.resolve("http.p12").toString(), jetty.get("org.apache.felix.https.keystore"));
        assertEquals("PKCS12", jetty.get("org.apache.felix.https.keystore.type"));
        assertEquals("s3cret", jetty.get("org.apache.felix.https.keystore.password"));
        assertNull(jetty.get("org.osgi.service.http.port"));
    }

    @Test
    void portMinusOneTurnsBothOff() {
        HttpSettings settings = settings(Map.of("port", "-1"));
        assertFalse(settings.enabled());
        assertEquals(false, JettyProperties.of(settings).get("org.apache.felix.http.enable"));
        assertEquals(false, JettyProperties.of(settings).get("org.apache.felix.https.enable"));
    }

    @Test
    void basicAuthenticationTakesTheUserAndThePasswordFile() throws IOException {
        secret("prometheus.pass", "pa:ss wörd\n", "r--------");
        HttpSettings settings = settings(Map.of("username", "prometheus", "passwordFile", "prometheus.pass"));
        assertEquals("pa:ss wörd", settings.password());
        BasicAuth auth = new BasicAuth(settings.username(), settings.password());
        assertTrue(auth.accepts(basic("prometheus:pa:ss wörd")));
        assertTrue(auth.accepts("basic " + java.util.Base64.getEncoder().encodeToString("prometheus:pa:ss wörd".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))));
        assertFalse(auth.accepts(basic("prometheus:wrong")));
        assertFalse(auth.accepts(basic("other:pa:ss wörd")));
        assertFalse(auth.accepts("Basic !!!"));
        assertFalse(auth.accepts("Bearer abc"));
        assertFalse(auth.accepts(null));
    }

    @Test
    void eachBadValueIsOneProblemNamingItsKey() throws IOException {
        secret("shared.pass", "x\n", "rw-r--r--");
        assertProblems(Map.of("address", "localhost"), "key 'address': \"localhost\" is not an IPv4 or IPv6 address");
        assertProblems(Map.of("address", "300.1.1.1"), "key 'address': \"300.1.1.1\" is not an IPv4 or IPv6 address");
        assertProblems(Map.of("port", "0"), "key 'port': 0 is not a port from 1 to 65535, nor -1 (off)");
        assertProblems(Map.of("username", "prometheus"), "key 'passwordFile': must name the file holding the password of user prometheus");
        assertProblems(Map.of("username", "prometheus", "passwordFile", "shared.pass"), "key 'passwordFile': " + home.resolve("shared.pass")
                + " may be read or written by others (rw-r--r--); it must be 0600 or 0400: chmod 600 " + home.resolve("shared.pass"));
        assertProblems(Map.of("username", "prometheus", "passwordFile", "missing.pass"), "key 'passwordFile': "
                + home.resolve("missing.pass") + " does not exist");
        assertProblems(Map.of("keyStore", "missing.p12", "keyStorePasswordFile", "shared.pass"),
                "key 'keyStore': " + home.resolve("missing.p12") + " does not exist",
                "key 'keyStorePasswordFile': " + home.resolve("shared.pass") + " may be read or written by others (rw-r--r--); it must "
                        + "be 0600 or 0400: chmod 600 " + home.resolve("shared.pass"));
    }

    @Test
    void ipv6AddressesAreTakenAndShownInBrackets() {
        assertEquals("http://[::1]:9694", settings(Map.of("address", "::1")).where());
    }

    private void assertProblems(Map<String, Object> properties, String... expected) {
        ConfigurationCheck check = check(properties);
        assertNull(HttpSettings.of(config(properties), properties, home::resolve, check));
        assertEquals(List.of(expected).stream().map(p -> "configuration org.ipfailover.http: " + p).toList(), check.problems());
    }

    private HttpSettings settings(Map<String, Object> properties) {
        ConfigurationCheck check = check(properties);
        HttpSettings settings = HttpSettings.of(config(properties), properties, home::resolve, check);
        assertEquals(List.of(), check.problems());
        return settings;
    }

    private static ConfigurationCheck check(Map<String, Object> properties) {
        Map<String, Object> withPid = new HashMap<>(properties);
        withPid.put("service.pid", HttpConfig.PID);
        return ConfigurationCheck.of(withPid);
    }

    private void secret(String name, String content, String mode) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static String basic(String credentials) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The configuration as Declarative Services would make it from these properties, defaults for the rest. */
    private static HttpConfig config(Map<String, Object> properties) {
        return new HttpConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HttpConfig.class;
            }

            @Override
            public String address() {
                return (String) properties.getOrDefault("address", "127.0.0.1");
            }

            @Override
            public int port() {
                return Integer.parseInt((String) properties.getOrDefault("port", String.valueOf(HttpSettings.DEFAULT_PORT)));
            }

            @Override
            public String keyStore() {
                return (String) properties.getOrDefault("keyStore", "");
            }

            @Override
            public String keyStorePasswordFile() {
                return (String) properties.getOrDefault("keyStorePasswordFile", "");
            }

            @Override
            public String username() {
                return (String) properties.getOrDefault("username", "");
            }

            @Override
            public String passwordFile() {
                return (String) properties.getOrDefault("passwordFile", "");
            }
        };
    }
}
