package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendDropWatchTest {
    @TempDir
    Path dir;

    @Test
    void countsWhatTheKernelDroppedAtSendSinceTheLastLook() throws Exception {
        Path snmp = dir.resolve("snmp");
        Path snmp6 = dir.resolve("snmp6");
        SendDropWatch watch = new SendDropWatch(snmp, snmp6);
        write(snmp, snmp6, 3, 1);
        assertEquals(0, watch.look(), "the first look only reads");
        assertEquals(0, watch.look());

        write(snmp, snmp6, 10, 1);
        assertEquals(7, watch.look());
        write(snmp, snmp6, 10, 4);
        assertEquals(3, watch.look(), "IPv6 counts too");
        assertEquals(0, watch.look());
        assertTrue(watch.line(7).contains("dropped 7 UDP datagrams") && watch.line(7).contains("neighbor table overflow"),
                watch.line(7));
    }

    @Test
    void isSilentWhereTheCountersCannotBeRead() throws Exception {
        SendDropWatch missing = new SendDropWatch(dir.resolve("none"), dir.resolve("none6"));
        assertEquals(0, missing.look());
        assertEquals(0, missing.look());

        Path odd = dir.resolve("odd");
        Files.writeString(odd, "Udp: InDatagrams SndbufErrors\nUdp: 12\n");
        assertEquals(0, SendDropWatch.udpSndbufErrors(odd), "a values line that does not match its names");
    }

    /** The kernel's own files, where there are: the counter read as a plain split of the two "Udp:" lines reads it. */
    @Test
    void readsTheKernelsCounters() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(SendDropWatch.SNMP), "Linux only");
        long before = SendDropWatch.udpSndbufErrors(SendDropWatch.SNMP);
        List<String[]> udp = Files.readAllLines(SendDropWatch.SNMP).stream().filter(line -> line.startsWith("Udp: "))
                .map(line -> line.split("\\s+")).toList();
        long expected = Long.parseLong(udp.get(1)[List.of(udp.get(0)).indexOf("SndbufErrors")]);
        long after = SendDropWatch.udpSndbufErrors(SendDropWatch.SNMP);
        assertTrue(before <= expected && expected <= after, before + " <= " + expected + " <= " + after);
    }

    private static void write(Path snmp, Path snmp6, long v4, long v6) throws Exception {
        Files.writeString(snmp, "Ip: Forwarding DefaultTTL\nIp: 2 64\n"
                + "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
                + "Udp: 76309 34753 0 111929 0 " + v4 + " 0 0 0\n"
                + "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
                + "UdpLite: 0 0 0 0 0 99 0 0 0\n");
        Files.writeString(snmp6, "Udp6InDatagrams                 \t12\nUdp6SndbufErrors                \t" + v6 + "\n");
    }
}
