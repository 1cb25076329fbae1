package org.ipfailover.console.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.stream.Collectors;

/** The network interfaces of this host, by name. */
final class HostInterfaces {
    private HostInterfaces() {
    }

    /** @return whether this host has an interface of that name; false when the interfaces cannot be read */
    static boolean present(String name) {
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
        try {
            String names = Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .sorted().collect(Collectors.joining(", "));
            return names.isEmpty() ? "" : " (this host has: " + names + ")";
        } catch (SocketException | RuntimeException e) {
            return "";
        }
    }
}
