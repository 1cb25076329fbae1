package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class NetifSettingsTest {
    final List<String> logged = new ArrayList<>();
    final Map<String, Object> properties = new HashMap<>(Map.of("felix.fileinstall.filename",
            "file:/opt/ipfailover/conf/org.ipfailover.netif.cfg"));

    @Test
    void defaultsPickNetlinkOnLinux() {
        NetifSettings settings = settings("Linux");

        assertEquals(new NetifSettings("netlink", "", 5, Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(5), "ipfo"),
                settings);
        assertEquals(List.of(), logged);
    }

    @Test
    void autoFallsBackToIproute2WhereNetlinkCannotWork() {
        assertEquals("iproute2", NetifSettings.forOperatingSystem("Linux", () -> "JNA cannot load the C library: noexec /tmp"));
        assertEquals("netlink", NetifSettings.forOperatingSystem("Linux", () -> null));
        assertEquals("ifconfig", NetifSettings.forOperatingSystem("Mac OS X", () -> "not asked off Linux"));
    }

    @Test
    void autoPicksByOperatingSystem() {
        assertEquals("ifconfig", settings("Mac OS X").backend());
        assertEquals("ifconfig", settings("FreeBSD").backend());
        assertEquals("ifconfig", settings("OpenBSD").backend());
        assertNull(settings("Windows 11").backend());
    }

    @Test
    void aNamedBackendIsTakenAsNamed() {
        properties.put("backend", "ifconfig");

        assertEquals("ifconfig", settings("Linux").backend());
    }

    @Test
    void netlinkIsChosenByNameWithOrWithoutANamespace() {
        properties.put("backend", "netlink");
        assertEquals("netlink", settings("Linux").backend());

        properties.put("namespace", "lab-1");
        assertEquals("netlink", settings("Linux").backend());
        assertEquals(List.of(), logged);
    }

    @Test
    void takesEveryKey() {
        properties.putAll(Map.of("backend", "iproute2", "namespace", "lab-1", "arpCount", "5", "arpIntervalMillis", "50",
                "reannounceSeconds", "30", "commandTimeoutMillis", "2000", "label", "vip"));

        assertEquals(new NetifSettings("iproute2", "lab-1", 5, Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofSeconds(2), "vip"), settings("Mac OS X"));
    }

    @Test
    void reportsAValueThatDoesNotParseOnOneLine() {
        properties.put("arpCount", "lots");

        assertInvalid(1);
        assertEquals("/opt/ipfailover/conf/org.ipfailover.netif.cfg: key 'arpCount': value \"lots\" is not an integer (expected int)",
                logged.get(0));
    }

    @Test
    void reportsAnUnknownBackend() {
        properties.put("backend", "nftables");

        assertInvalid(1);
        assertTrue(logged.get(0).contains("key 'backend'") && logged.get(0).contains("[auto, netlink, iproute2, ifconfig]"),
                logged.get(0));
    }

    @Test
    void reportsEveryValueOutOfRange() {
        properties.putAll(Map.of("arpCount", 0, "arpIntervalMillis", 5, "reannounceSeconds", -1, "commandTimeoutMillis", 10,
                "namespace", "../etc", "label", "a label that is far too long"));

        assertInvalid(6);
    }

    @Test
    void namespacesNeedIproute2() {
        properties.putAll(Map.of("backend", "ifconfig", "namespace", "lab"));

        assertInvalid(1);
        assertTrue(logged.get(0).contains("key 'namespace'") && logged.get(0).contains("iproute2"), logged.get(0));
    }

    private NetifSettings settings(String osName) {
        return NetifSettings.of(config(properties), properties, osName, logged::add);
    }

    private void assertInvalid(int problems) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> settings("Linux"));
        assertEquals(problems, e.problems().size(), e.problems().toString());
        assertEquals(e.problems(), logged);
    }

    /** What Declarative Services would hand the component for these properties. */
    static NetifConfig config(Map<String, Object> properties) {
        return (NetifConfig) Proxy.newProxyInstance(NetifConfig.class.getClassLoader(), new Class<?>[] {NetifConfig.class},
                (proxy, method, args) -> {
                    Object value = properties.get(method.getName());
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return Integer.valueOf(value.toString());
                    }
                    if (type == NetifConfig.Backend.class) {
                        return NetifConfig.Backend.valueOf(value.toString());
                    }
                    return value.toString();
                });
    }
}
