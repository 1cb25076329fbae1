package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells when the kernel dropped UDP datagrams at send without telling the program: on Linux it
 * does when it cannot make the neighbour entry of a datagram's destination (a full neighbour
 * table), or a device's queue is full, and counts them in {@code SndbufErrors} of
 * {@code /proc/net/snmp} (and {@code Udp6SndbufErrors} of {@code /proc/net/snmp6}) of the node's
 * network namespace. A UDP socket hears of it only with {@code IP_RECVERR}, which Java does not
 * set: the node would go on hearing its own looped-back beats while its peers hear nothing. The
 * counters are the namespace's, so a drop may be another program's; the line says so.
 */
final class SendDropWatch {
    static final Path SNMP = Path.of("/proc/net/snmp");
    static final Path SNMP6 = Path.of("/proc/net/snmp6");

    private final Path snmp;
    private final Path snmp6;
    private long last = -1;

    SendDropWatch(Path snmp, Path snmp6) {
        this.snmp = snmp;
        this.snmp6 = snmp6;
    }

    /**
     * Reads the counters. Silent (0) where they cannot be read (not Linux).
     *
     * @return the datagrams dropped at send since the last look; 0 at the first
     */
    long look() {
        long now = udpSndbufErrors(snmp) + udp6SndbufErrors(snmp6);
        long dropped = last >= 0 && now > last ? now - last : 0;
        last = Math.max(last, now);
        return dropped;
    }

    /** @return the line that tells of {@code dropped} datagrams dropped at send */
    String line(long dropped) {
        return "the kernel dropped " + dropped + " UDP datagrams at send in this node's network namespace and told no program "
                + "(SndbufErrors in " + snmp + "): if they were beats, the peers do not hear this node and will take its groups "
                + "over while it still hears itself. Look for \"neighbor table overflow\" in dmesg (then raise "
                + "net.ipv4.neigh.default.gc_thresh3; docs/running.md, \"Neighbour table\") or a full device queue (ip -s link)";
    }

    /** @return the count, 0 when the file or the counter is not there */
    static long udpSndbufErrors(Path file) {
        List<String> lines = lines(file);
        for (int i = 0; i + 1 < lines.size(); i++) {
            String[] names = lines.get(i).trim().split("\\s+");
            String[] values = lines.get(i + 1).trim().split("\\s+");
            if (names.length > 0 && names[0].equals("Udp:") && values.length == names.length && values[0].equals("Udp:")) {
                for (int column = 1; column < names.length; column++) {
                    if (names[column].equals("SndbufErrors")) {
                        return parse(values[column]);
                    }
                }
            }
        }
        return 0;
    }

    /** @return the count, 0 when the file or the counter is not there */
    static long udp6SndbufErrors(Path file) {
        for (String line : lines(file)) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 2 && cells[0].equals("Udp6SndbufErrors")) {
                return parse(cells[1]);
            }
        }
        return 0;
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
