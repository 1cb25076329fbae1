package org.ipfailover.netif.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address literals in and out, never through name resolution. */
final class Addresses {
    private Addresses() {
    }

    /**
     * @param literal an IPv4 or IPv6 literal, optionally with a {@code %scope} suffix
     * @throws IllegalArgumentException when it is not an address literal
     */
    static InetAddress parse(String literal) {
        int scope = literal.indexOf('%');
        String bare = scope < 0 ? literal : literal.substring(0, scope);
        if (!bare.matches("[0-9a-fA-F:.]+") || !(bare.contains(".") || bare.contains(":"))) {
            throw new IllegalArgumentException("\"" + literal + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + literal + "\" is not an IP address", e);
        }
    }

    /** @return the number of leading one bits of a netmask such as 255.255.255.0 or 0xffffff00 */
    static int prefixOfNetmask(String netmask) {
        long bits;
        if (netmask.startsWith("0x") || netmask.startsWith("0X")) {
            bits = Long.parseLong(netmask.substring(2), 16);
        } else {
            byte[] octets = parse(netmask).getAddress();
            if (octets.length != 4) {
                throw new IllegalArgumentException("\"" + netmask + "\" is not an IPv4 netmask");
            }
            bits = 0;
            for (byte octet : octets) {
                bits = bits << 8 | (octet & 0xff);
            }
        }
        int mask = (int) bits;
        int prefix = Integer.bitCount(mask);
        if (bits >>> 32 != 0 || mask != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new IllegalArgumentException("\"" + netmask + "\" is not a contiguous IPv4 netmask");
        }
        return prefix;
    }

    /** @return the dotted netmask of an IPv4 prefix length, e.g. 255.255.255.0 for 24 */
    static String netmaskOfPrefix(int prefix) {
        long bits = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        return (bits >> 24 & 0xff) + "." + (bits >> 16 & 0xff) + "." + (bits >> 8 & 0xff) + "." + (bits & 0xff);
    }

    /** @return whether {@code address} lies in the network of {@code network}/{@code prefix} */
    static boolean sameNetwork(InetAddress network, int prefix, InetAddress address) {
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length || network instanceof Inet6Address != address instanceof Inet6Address) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
