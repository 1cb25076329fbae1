package org.ipfailover.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A virtual (service) IP address of a group: {@code interface:address/prefix}, IPv4 or IPv6,
 * written {@code eth0:198.51.100.10/24} or {@code eth0:2001:db8::10/64}.
 *
 * @param device the network interface that carries the address
 * @param address the address
 * @param prefixLength the prefix length (0..32 for IPv4, 0..128 for IPv6)
 */
public record Vip(String device, InetAddress address, int prefixLength) {
    /** Checks the fields. */
    public Vip {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        if (device.isBlank()) {
            throw new IllegalArgumentException("no interface named");
        }
        int max = address instanceof Inet6Address ? 128 : 32;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " is not within 0.." + max);
        }
    }

    /**
     * @param text {@code interface:address/prefix}; without a prefix, /32 or /128
     * @return the address
     * @throws IllegalArgumentException naming what does not parse
     */
    public static Vip parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not interface:address/prefix (e.g. eth0:198.51.100.10/24)");
        }
        String device = trimmed.substring(0, colon);
        String rest = trimmed.substring(colon + 1);
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9a-fA-F:.%a-zA-Z]+") || !(host.contains(".") || host.contains(":"))) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + host + "\" is not an IP address");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + host + "\" is not an IP address");
        }
        int prefix;
        try {
            prefix = slash < 0 ? (address instanceof Inet6Address ? 128 : 32) : Integer.parseInt(rest.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": the prefix length is not a number");
        }
        return new Vip(device, address, prefix);
    }

    /** @return whether this is an IPv6 address */
    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** @return {@code address/prefix} without the interface, as iproute2 writes it */
    public String cidr() {
        return host() + "/" + prefixLength;
    }

    /** @return the address alone, IPv6 in its shortest form (RFC 5952: 2001:db8::10) */
    public String host() {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && words[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(words[i]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return device + ":" + cidr();
    }
}
