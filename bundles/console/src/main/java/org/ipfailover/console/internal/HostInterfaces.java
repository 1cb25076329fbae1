package org.ipfailover.console.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The network interfaces of this host, by name. On Linux from /sys/class/net, which lists every
 * interface of the network namespace, also one that is down or has no address (Java's
 * NetworkInterface sees only interfaces with an address); elsewhere from NetworkInterface.
 */
final class HostInterfaces {
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    private HostInterfaces() {
    }

    /** @return whether this host has an interface of that name; false when the interfaces cannot be read */
    static boolean present(String name) {
        if (Files.isDirectory(SYS_CLASS_NET)) {
            return !name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..")
                    && Files.exists(SYS_CLASS_NET.resolve(name));
        }
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException unreadable) {
            return false;
        }
    }

    /** @return whether one of this host's interfaces has the address; true when the interfaces cannot be read */
    static boolean holds(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException unreadable) {
            return true;
        }
    }

    /** @return " (this host has: eth0, lo)", or empty when they cannot be listed */
    static String hint() {
        List<String> names = names();
        return names.isEmpty() ? "" : " (this host has: " + String.join(", ", names) + ")";
    }

    private static List<String> names() {
        if (Files.isDirectory(SYS_CLASS_NET)) {
            try (Stream<Path> entries = Files.list(SYS_CLASS_NET)) {
                return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName).sorted()
                    .collect(Collectors.toList());
        } catch (SocketException | RuntimeException e) {
            return List.of();
        }
    }
}
