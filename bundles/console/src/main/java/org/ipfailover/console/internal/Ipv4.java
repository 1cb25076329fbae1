package org.ipfailover.console.internal;

/** Dotted-quad IPv4 addresses as hostconfig writes them, and which subnet's broadcast address holds which address. */
final class Ipv4 {
    private Ipv4() {
    }

    static boolean valid(String text) {
        if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code broadcast} is the broadcast address of a subnet (/8 to /30) that holds {@code address} */
    static boolean covers(String broadcast, String address) {
        if (!valid(broadcast) || !valid(address)) {
            return false;
        }
        long b = toLong(broadcast);
        long a = toLong(address);
        for (int prefix = 30; prefix >= 8; prefix--) {
            long hostBits = (1L << (32 - prefix)) - 1;
            if ((a | hostBits) == b) {
                return true;
            }
        }
        return false;
    }

    private static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }
}
