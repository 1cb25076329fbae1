package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatSettingsTest {
    @TempDir
    Path home;

    Path file;
    final Map<String, Object> properties = new HashMap<>();
    final List<String> logged = new ArrayList<>();

    @BeforeEach
    void validConfiguration() throws IOException {
        file = home.resolve("conf/org.ipfailover.node.cfg");
        Files.createDirectories(file.getParent());
        Path key = home.resolve("conf/ipfailover.key");
        Files.writeString(key, HexFormat.of().formatHex(Datagrams.KEY));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        properties.put(ConfigurationCheck.FILEINSTALL_FILENAME, file.toUri().toString());
        properties.put("id", "pri");
        properties.put("networks", new String[] {"public=127.0.0.1:5001", "private=127.0.0.1:5002"});
        properties.put("bind", "public=127.0.0.1");
        properties.put("port", 5000);
    }

    @Test
    void readsAValidConfiguration() {
        HeartbeatSettings settings = settings();
        assertEquals("pri", settings.nodeId());
        assertEquals(100, settings.intervalMillis());
        assertEquals(2, settings.networks().size());
        assertEquals(InetAddress.getLoopbackAddress(), settings.networks().get(0).bind());
        assertNull(settings.networks().get(1).bind());
        assertTrue(settings.authenticated());
        assertEquals(home.resolve("var"), settings.stateFolder());
        assertEquals(settings, settings());
        assertFalse(settings.toString().contains(HexFormat.of().formatHex(Datagrams.KEY, 0, 4)));
    }

    @Test
    void needsNoKeyWithAuthNone() {
        properties.put("auth", "none");
        properties.put("keyFile", "nowhere");
        assertFalse(settings().authenticated());
    }

    @Test
    void reportsEachProblemOnOneLineNamingFileKeyAndExpectation() {
        properties.put("id", "n".repeat(65));
        properties.put("interval", 5);
        properties.put("keyFile", "conf/missing.key");
        assertInvalid(3);
        assertLogged("'id'", "at most 64");
        assertLogged("'interval'", "at least 10");
        assertLogged("'keyFile'", "missing.key does not exist");
    }

    @Test
    void reportsValuesThatDoNotParse() {
        properties.put("interval", "soon");
        properties.put("auth", "HMAC");
        assertInvalid(2);
        assertLogged("'interval'", "\"soon\" is not an integer");
        assertLogged("'auth'", "one of [hmac, none]");
    }

    @Test
    void reportsBadNetworksAndBinds() {
        properties.put("networks", "public=not-an-address");
        assertInvalid(1);
        assertLogged("'networks'", "not an IP address");
        logged.clear();
        properties.put("networks", "public=127.0.0.1:5001");
        properties.put("bind", "lab=127.0.0.1");
        assertInvalid(1);
        assertLogged("'bind'", "not defined");
        logged.clear();
        properties.put("networks", "public=[::1]:5001");
        properties.put("bind", "public=127.0.0.1");
        assertInvalid(1);
        assertLogged("'bind'", "same IP version");
        logged.clear();
        properties.remove("networks");
        properties.remove("bind");
        assertInvalid(1);
        assertLogged("'networks'", "names no network");
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws IOException {
        Files.setPosixFilePermissions(home.resolve("conf/ipfailover.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertInvalid(1);
        assertLogged("'keyFile'", "mode 0644");
    }

    @Test
    void aChangedKeyIsAChangedSetting() throws IOException {
        HeartbeatSettings before = settings();
        Files.writeString(home.resolve("conf/ipfailover.key"), HexFormat.of().formatHex(new byte[20]));
        assertNotEquals(before, settings());
    }

    private HeartbeatSettings settings() {
        return HeartbeatSettings.of(config(properties), properties, home::resolve, logged::add);
    }

    private void assertInvalid(int problems) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, this::settings);
        assertEquals(problems, e.problems().size(), e.problems().toString());
        assertEquals(e.problems(), logged);
    }

    private void assertLogged(String key, String expectation) {
        assertTrue(logged.stream().anyMatch(line -> line.startsWith(file.toString() + ": key " + key)
                && line.contains(expectation)), logged.toString());
    }

    /** What Declarative Services would hand the component for these properties. */
    static NodeConfig config(Map<String, Object> properties) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(), new Class<?>[] {NodeConfig.class},
                (proxy, method, args) -> {
                    Object value = properties.get(method.getName());
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    if (type == String[].class) {
                        return value instanceof String[] array ? array : new String[] {value.toString()};
                    }
                    if (type == int.class) {
                        return Integer.valueOf(value.toString());
                    }
                    if (type == NodeConfig.Auth.class) {
                        return NodeConfig.Auth.valueOf(value.toString());
                    }
                    return value.toString();
                });
    }
}
