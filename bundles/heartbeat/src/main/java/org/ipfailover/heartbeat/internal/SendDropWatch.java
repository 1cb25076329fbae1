package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        String text = text(file);
        int names = lineStarting(text, "Udp: ", 0);
        int values = names < 0 ? -1 : lineStarting(text, "Udp: ", text.indexOf('\n', names));
        if (values < 0) {
            return 0;
        }
        int column = column(text, names, "SndbufErrors");
        int count = column(text, names, "");
        // read once a second, mostly before it is compiled: plain string work, no regular expressions
        return column < 0 || count != column(text, values, "") ? 0 : parse(cell(text, values, column));
    }

    /** @return the count, 0 when the file or the counter is not there */
    static long udp6SndbufErrors(Path file) {
        String text = text(file);
        int line = lineStarting(text, "Udp6SndbufErrors", 0);
        return line < 0 ? 0 : parse(cell(text, line, 1));
    }

    /** @return where the first line at or after {@code from} that starts with {@code prefix} starts, -1 when none does */
    private static int lineStarting(String text, String prefix, int from) {
        if (from == 0 && text.startsWith(prefix)) {
            return 0;
        }
        int at = from < 0 ? -1 : text.indexOf("\n" + prefix, from);
        return at < 0 ? -1 : at + 1;
    }

    /**
     * @return the index of the cell named {@code name} in the line at {@code line}, -1 when it is not
     *         there; for "" the number of cells
     */
    private static int column(String text, int line, String name) {
        for (int index = 0;; index++) {
            String cell = cell(text, line, index);
            if (cell.equals(name)) {
                return index;
            }
            if (cell.isEmpty()) {
                return -1;
            }
        }
    }

    /** @return the cell at {@code index} of the line at {@code line} (cells apart by blanks), "" past its end */
    private static String cell(String text, int line, int index) {
        int end = text.indexOf('\n', line);
        if (end < 0) {
            end = text.length();
        }
        int at = line;
        for (int i = 0;; i++) {
            while (at < end && text.charAt(at) <= ' ') {
                at++;
            }
            int from = at;
            while (at < end && text.charAt(at) > ' ') {
                at++;
            }
            if (from == at || i == index) {
                return text.substring(from, at);
            }
        }
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
