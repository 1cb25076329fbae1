package org.ipfailover.console.internal;

import java.net.NetworkInterface;
import java.net.SocketException;

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
}
