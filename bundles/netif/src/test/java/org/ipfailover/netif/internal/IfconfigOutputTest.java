package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

class IfconfigOutputTest {
    @Test
    void readsMacOs() throws IOException {
        Set<Vip> held = IfconfigOutput.parse("en0", IpAddrJsonTest.sample("ifconfig-macos-en0.txt"));

        assertEquals(List.of(vip("en0:fe80::1c2b:3d4e:5f60:7182/64"), vip("en0:198.51.100.5/24"),
                vip("en0:2001:db8::1c2b:3d4e:5f60:7182/64"), vip("en0:2001:db8::10/64"), vip("en0:198.51.100.10/32"),
                vip("en0:203.0.113.10/24")), List.copyOf(held));
    }

    @Test
    void readsFreeBsd() throws IOException {
        Set<Vip> held = IfconfigOutput.parse("em0", IpAddrJsonTest.sample("ifconfig-freebsd-em0.txt"));

        assertEquals(List.of(vip("em0:198.51.100.6/24"), vip("em0:198.51.100.10/32"), vip("em0:fe80::a00:27ff:feaa:bbcc/64"),
                vip("em0:2001:db8::10/128")), List.copyOf(held));
    }

    @Test
    void readsNetBsdsAddressSlashPrefix() throws IOException {
        Set<Vip> held = IfconfigOutput.parse("wm0", IpAddrJsonTest.sample("ifconfig-netbsd-wm0.txt"));

        assertEquals(List.of(vip("wm0:fe80::a00:27ff:fe11:2233/64"), vip("wm0:198.51.100.7/24"), vip("wm0:198.51.100.10/32")),
                List.copyOf(held));
    }

    @Test
    void readsOnlyTheAskedInterface() {
        String output = """
                lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
                \toptions=1203<RXCSUM,TXCSUM,TXSTATUS,SW_TIMESTAMP>
                \tinet 127.0.0.1 netmask 0xff000000
                \tinet6 ::1 prefixlen 128
                en1: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
                \tinet 203.0.113.7 netmask 255.255.255.128 broadcast 203.0.113.127
                """;

        assertEquals(Set.of(vip("en1:203.0.113.7/25")), IfconfigOutput.parse("en1", output));
        assertEquals(Set.of(vip("lo0:127.0.0.1/8"), vip("lo0:::1/128")), IfconfigOutput.parse("lo0", output));
        assertEquals(Set.of(), IfconfigOutput.parse("en9", output));
    }

    @Test
    void refusesAnAddressThatDoesNotParse() {
        assertThrows(IllegalArgumentException.class,
                () -> IfconfigOutput.parse("en0", "en0: flags=8863<UP> mtu 1500\n\tinet 198.51.100.5 netmask 0xff00ff00\n"));
        assertThrows(IllegalArgumentException.class,
                () -> IfconfigOutput.parse("en0", "en0: flags=8863<UP> mtu 1500\n\tinet6 zz::1 prefixlen 64\n"));
    }

    private static Vip vip(String text) {
        return Vip.parse(text);
    }
}
