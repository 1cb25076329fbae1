package org.ipfailover.netif.internal;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipfailover.api.Vip;

/**
 * The addresses in the output of BSD and macOS {@code ifconfig}: {@code inet} lines with a hex or
 * dotted netmask, {@code inet6} lines with a prefixlen, and the {@code address/prefix} form of NetBSD.
 */
final class IfconfigOutput {
    private static final Pattern HEADER = Pattern.compile("^([^\\s:]+): flags=.*");

    private IfconfigOutput() {
    }

    /**
     * @return the addresses of {@code device} in the output, in its order
     * @throws IllegalArgumentException when an address line does not parse
     */
    static Set<Vip> parse(String device, String output) {
        Set<Vip> addresses = new LinkedHashSet<>();
        String current = null;
        for (String line : output.split("\\R")) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                current = header.group(1);
                continue;
            }
            List<String> words = List.of(line.trim().split("\\s+"));
            if (!device.equals(current) || words.size() < 2) {
                continue;
            }
            if (words.get(0).equals("inet")) {
                addresses.add(address(device, words, "netmask", 32));
            } else if (words.get(0).equals("inet6")) {
                addresses.add(address(device, words, "prefixlen", 128));
            }
        }
        return Collections.unmodifiableSet(addresses);
    }

    private static Vip address(String device, List<String> words, String prefixWord, int hostPrefix) {
        String literal = words.get(1);
        int slash = literal.indexOf('/');
        Integer prefix = null;
        if (slash >= 0) {
            prefix = Integer.parseInt(literal.substring(slash + 1));
            literal = literal.substring(0, slash);
        }
        InetAddress address = Addresses.parse(literal);
        int at = words.indexOf(prefixWord);
        if (prefix == null && at >= 0 && at + 1 < words.size()) {
            String value = words.get(at + 1);
            prefix = prefixWord.equals("netmask") ? Addresses.prefixOfNetmask(value) : Integer.parseInt(value);
        }
        return new Vip(device, address, prefix != null ? prefix : hostPrefix);
    }
}
