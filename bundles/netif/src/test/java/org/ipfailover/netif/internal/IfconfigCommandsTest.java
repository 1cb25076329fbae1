package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

class IfconfigCommandsTest {
    final IfconfigCommands commands = new IfconfigCommands(new Tool("ifconfig", "base", "test", Path.of("/sbin/ifconfig")));

    @Test
    void addsIpv4AsAnAliasWithADottedNetmask() {
        assertEquals(List.of("/sbin/ifconfig", "en0", "inet", "198.51.100.10", "netmask", "255.255.255.0", "alias"),
                commands.add(Vip.parse("en0:198.51.100.10/24"), 24));
        assertEquals(List.of("/sbin/ifconfig", "en0", "inet", "198.51.100.10", "netmask", "255.255.255.255", "alias"),
                commands.add(Vip.parse("en0:198.51.100.10/24"), 32));
    }

    @Test
    void addsIpv6AsAnAliasWithAPrefixLength() {
        assertEquals(List.of("/sbin/ifconfig", "en0", "inet6", "2001:db8::10", "prefixlen", "64", "alias"),
                commands.add(Vip.parse("en0:2001:db8::10/64"), 64));
    }

    @Test
    void removesAliases() {
        assertEquals(List.of("/sbin/ifconfig", "en0", "inet", "198.51.100.10", "-alias"),
                commands.remove(Vip.parse("en0:198.51.100.10/24")));
        assertEquals(List.of("/sbin/ifconfig", "en0", "inet6", "2001:db8::10", "-alias"),
                commands.remove(Vip.parse("en0:2001:db8::10/64")));
    }

    @Test
    void showsOneInterface() {
        assertEquals(List.of("/sbin/ifconfig", "en0"), commands.show("en0"));
    }

    @Test
    void anAliasInANetworkTheInterfaceHasGetsAHostMask() {
        Set<Vip> held = Set.of(Vip.parse("en0:198.51.100.5/24"), Vip.parse("en0:2001:db8::5/64"));

        assertEquals(32, IfconfigBackend.aliasPrefix(Vip.parse("en0:198.51.100.10/24"), held));
        assertEquals(128, IfconfigBackend.aliasPrefix(Vip.parse("en0:2001:db8::10/64"), held));
    }

    @Test
    void anAliasInANetworkOfItsOwnKeepsItsPrefix() {
        Set<Vip> held = Set.of(Vip.parse("en0:198.51.100.5/24"), Vip.parse("en0:198.51.100.10/32"));

        assertEquals(24, IfconfigBackend.aliasPrefix(Vip.parse("en0:203.0.113.10/24"), held));
        assertEquals(64, IfconfigBackend.aliasPrefix(Vip.parse("en0:2001:db8::10/64"), held));
        assertEquals(24, IfconfigBackend.aliasPrefix(Vip.parse("en0:198.51.100.10/24"), Set.of(Vip.parse("en0:198.51.100.10/32"))));
    }
}
