package org.ipfailover.api.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One heartbeat network of {@link NodeConfig}: where beats go and where they are received.
 *
 * @param name the network's name, as beats carry it
 * @param destinations broadcast, multicast or unicast destinations
 * @param bind the local address to use, or null for every address
 */
public record NetworkDefinition(String name, List<InetSocketAddress> destinations, InetAddress bind) {
    /** Copies the destinations. */
    public NetworkDefinition {
        destinations = List.copyOf(destinations);
    }

    /**
     * Parses {@link NodeConfig#networks()} and {@link NodeConfig#bind()}.
     *
     * @param networks {@code name=destination [destination ...]} entries; an entry may hold several separated by ';'
     * @param bind {@code name=address} entries, likewise
     * @param port the default port
     * @return the networks in the order given
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static List<NetworkDefinition> parse(String[] networks, String[] bind, int port) {
        Map<String, InetAddress> binds = new LinkedHashMap<>();
        for (String entry : entries(bind)) {
            String[] pair = pair(entry, "bind");
            binds.put(pair[0], address(pair[1].trim(), entry));
        }
        List<NetworkDefinition> result = new ArrayList<>();
        for (String entry : entries(networks)) {
            String[] pair = pair(entry, "networks");
            List<InetSocketAddress> destinations = new ArrayList<>();
            for (String destination : pair[1].trim().split("[\\s,]+")) {
                if (!destination.isEmpty()) {
                    destinations.add(destination(destination, port, entry));
                }
            }
            if (destinations.isEmpty()) {
                throw new IllegalArgumentException("network \"" + pair[0] + "\" names no destination");
            }
            if (result.stream().anyMatch(n -> n.name().equals(pair[0]))) {
                throw new IllegalArgumentException("network \"" + pair[0] + "\" is defined twice");
            }
            result.add(new NetworkDefinition(pair[0], destinations, binds.remove(pair[0])));
        }
        if (!binds.isEmpty()) {
            throw new IllegalArgumentException("bind names networks that are not defined: " + binds.keySet());
        }
        return result;
    }

    private static List<String> entries(String[] values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.split(";")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }

    private static String[] pair(String entry, String key) {
        int equals = entry.indexOf('=');
        if (equals <= 0 || equals == entry.length() - 1) {
            throw new IllegalArgumentException("\"" + entry + "\" is not name=address (" + key + ")");
        }
        String name = entry.substring(0, equals).trim();
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a network name (letters, digits, _ . -)");
        }
        return new String[] {name, entry.substring(equals + 1)};
    }

    private static InetSocketAddress destination(String text, int defaultPort, String entry) {
        String host = text;
        int port = defaultPort;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"" + entry + "\": \"" + text + "\" lacks its ']'");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                port = port(text.substring(close + 1), entry);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':')), entry);
        }
        return new InetSocketAddress(address(host, entry), port);
    }

    private static int port(String colonPort, String entry) {
        try {
            int port = Integer.parseInt(colonPort.substring(1));
            if (colonPort.charAt(0) == ':' && port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + entry + "\": \"" + colonPort + "\" is not :port");
    }

    private static InetAddress address(String host, String entry) {
        if (!host.matches("[0-9a-fA-F:.%]+")) {
            throw new IllegalArgumentException("\"" + entry + "\": \"" + host + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + entry + "\": \"" + host + "\" is not an IP address");
        }
    }
}
