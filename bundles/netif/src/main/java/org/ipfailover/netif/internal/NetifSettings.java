package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ipfailover.api.config.ConfigurationCheck;
import org.slf4j.LoggerFactory;

/**
 * A checked {@code org.ipfailover.netif} configuration.
 *
 * @param backend the backend to use, {@link NetlinkBackend#NAME}, {@link Iproute2Backend#NAME} or
 *     {@link IfconfigBackend#NAME}; null when
 *     none was named and none suits this operating system
 * @param namespace a named network namespace, or empty for the node's own
 * @param arpCount announcements per address
 * @param arpInterval time between two announcements of an address
 * @param reannounce time between re-announcements; zero for never
 * @param commandTimeout time a command may run
 * @param label the IPv4 label suffix; empty for none
 */
record NetifSettings(String backend, String namespace, int arpCount, Duration arpInterval, Duration reannounce,
        Duration commandTimeout, String label) {

    /**
     * @param log where each problem goes, one line each
     * @return the settings of a configuration that checks out on an operating system named {@code osName}
     * @throws org.ipfailover.api.config.InvalidConfigurationException when it does not check out
     */
    static NetifSettings of(NetifConfig config, Map<String, ?> properties, String osName, Consumer<String> log) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(NetifConfig.class).orThrow(log);
        String backend = switch (config.backend()) {
            case auto -> forOperatingSystem(osName);
            case netlink -> NetlinkBackend.NAME;
            case iproute2 -> Iproute2Backend.NAME;
            case ifconfig -> IfconfigBackend.NAME;
        };
        String namespace = config.namespace().trim();
        String label = config.label().trim();
        check.check(namespace.isEmpty() || namespace.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}"), "namespace",
                        "\"" + namespace + "\" is not a network namespace name (letters, digits, _ . -)")
                .check(namespace.isEmpty() || !IfconfigBackend.NAME.equals(backend), "namespace",
                        "network namespaces need the netlink or iproute2 backend")
                .check(config.arpCount() >= 1 && config.arpCount() <= 100, "arpCount", "must be between 1 and 100")
                .check(config.arpIntervalMillis() >= 10 && config.arpIntervalMillis() <= 60_000, "arpIntervalMillis",
                        "must be between 10 and 60000")
                .check(config.reannounceSeconds() >= 0 && config.reannounceSeconds() <= 86_400, "reannounceSeconds",
                        "must be between 0 (never) and 86400")
                .check(config.commandTimeoutMillis() >= 100 && config.commandTimeoutMillis() <= 600_000,
                        "commandTimeoutMillis", "must be between 100 and 600000")
                .check(label.matches("[A-Za-z0-9_.-]{0," + (IpCommands.MAX_LABEL - 2) + "}"), "label",
                        "\"" + label + "\" is not a label suffix (at most " + (IpCommands.MAX_LABEL - 2)
                                + " letters, digits, _ . -)")
                .orThrow(log);
        return new NetifSettings(backend, namespace, config.arpCount(), Duration.ofMillis(config.arpIntervalMillis()),
                Duration.ofSeconds(config.reannounceSeconds()), Duration.ofMillis(config.commandTimeoutMillis()), label);
    }

    /** @return the backend for an operating system, or null when there is none */
    static String forOperatingSystem(String osName) {
        return forOperatingSystem(osName, NetlinkBackend::unavailable);
    }

    /**
     * @param netlinkUnavailable why the netlink backend cannot work in this process (JNA or the C
     *        library do not load), or null when it can
     * @return the backend for an operating system: on Linux netlink, or iproute2 when netlink cannot
     *         work here (said once per choice); null when there is none
     */
    static String forOperatingSystem(String osName, Supplier<String> netlinkUnavailable) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            String why = netlinkUnavailable.get();
            if (why == null) {
                return NetlinkBackend.NAME;
            }
            LoggerFactory.getLogger(NetworkBackendProvider.class).warn(
                    "backend = auto: netlink cannot work here ({}): using iproute2 (the ip command, arping)", why);
            return Iproute2Backend.NAME;
        }
        if (os.startsWith("mac") || os.startsWith("darwin") || os.endsWith("bsd") || os.startsWith("dragonfly")) {
            return IfconfigBackend.NAME;
        }
        return null;
    }
}
