package org.ipfailover.detector.internal;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.stream.Collectors;

/** The interfaces this process sees, named in messages about an interface that is missing. */
final class HostInterfaces {
    private HostInterfaces() {
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
