package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

/** Samples captured from iproute2 6.1 inside test namespaces. */
class IpAddrJsonTest {
    @Test
    void readsIpv4AndIpv6AddressesWithLabelsAndSecondaries() throws IOException {
        Set<Vip> held = IpAddrJson.parse(sample("ip-addr-ipv4-ipv6-labels.json"));

        assertEquals(List.of(vip("va:198.51.100.10/24"), vip("va:203.0.113.5/28"), vip("va:198.51.100.11/24"),
                vip("va:2001:db8::10/64"), vip("va:fe80::38b7:d0ff:fed4:5a81/64")), List.copyOf(held));
    }

    @Test
    void readsTheLoopback() throws IOException {
        assertEquals(Set.of(vip("lo:127.0.0.1/8"), vip("lo:::1/128")), IpAddrJson.parse(sample("ip-addr-loopback.json")));
    }

    @Test
    void readsAnInterfaceWithoutAddresses() throws IOException {
        assertEquals(Set.of(), IpAddrJson.parse(sample("ip-addr-none.json")));
    }

    @Test
    void readsAnInterfaceWithAnAddressOfEachFamily() throws IOException {
        assertEquals(List.of(vip("vb:198.51.100.20/24"), vip("vb:fe80::5c81:cdff:fe7c:bfff/64")),
                List.copyOf(IpAddrJson.parse(sample("ip-addr-peer.json"))));
    }

    @Test
    void readsNothingFromNothing() {
        assertEquals(Set.of(), IpAddrJson.parse(""));
        assertEquals(Set.of(), IpAddrJson.parse("[]"));
    }

    @Test
    void skipsFamiliesOtherThanIp() {
        String json = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"link\",\"local\":\"x\"},"
                + "{\"family\":\"inet\",\"local\":\"198.51.100.1\",\"prefixlen\":32}]}]";

        assertEquals(Set.of(vip("eth0:198.51.100.1/32")), IpAddrJson.parse(json));
    }

    @Test
    void refusesOutputThatIsNotIproute2s() {
        assertThrows(IllegalArgumentException.class, () -> IpAddrJson.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> IpAddrJson.parse("[{\"addr_info\":[]}]"));
        assertThrows(IllegalArgumentException.class,
                () -> IpAddrJson.parse("[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"a.example\",\"prefixlen\":24}]}]"));
        assertThrows(IllegalArgumentException.class,
                () -> IpAddrJson.parse("[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.51.100.1\"}]}]"));
        assertThrows(IllegalArgumentException.class,
                () -> IpAddrJson.parse("[{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.51.100.1\",\"prefixlen\":2.5}]}]"));
    }

    static String sample(String name) throws IOException {
        try (InputStream in = IpAddrJsonTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Vip vip(String text) {
        return Vip.parse(text);
    }
}
