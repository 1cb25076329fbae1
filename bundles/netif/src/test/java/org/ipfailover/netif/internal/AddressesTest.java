package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void refusesNames() {
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("a.example"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("12"));
    }

    @Test
    void convertsNetmasks() {
        assertEquals(24, Addresses.prefixOfNetmask("0xffffff00"));
        assertEquals(32, Addresses.prefixOfNetmask("0xffffffff"));
        assertEquals(0, Addresses.prefixOfNetmask("0x00000000"));
        assertEquals(25, Addresses.prefixOfNetmask("255.255.255.128"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.prefixOfNetmask("0xff00ff00"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.prefixOfNetmask("0x1ffffffff"));
        assertEquals("255.255.255.0", Addresses.netmaskOfPrefix(24));
        assertEquals("255.255.255.255", Addresses.netmaskOfPrefix(32));
        assertEquals("0.0.0.0", Addresses.netmaskOfPrefix(0));
        assertEquals("255.255.128.0", Addresses.netmaskOfPrefix(17));
    }

    @Test
    void tellsWhetherAnAddressIsInANetwork() {
        assertTrue(Addresses.sameNetwork(Addresses.parse("198.51.100.5"), 24, Addresses.parse("198.51.100.200")));
        assertFalse(Addresses.sameNetwork(Addresses.parse("198.51.100.5"), 25, Addresses.parse("198.51.100.200")));
        assertTrue(Addresses.sameNetwork(Addresses.parse("2001:db8::5"), 64, Addresses.parse("2001:db8::10")));
        assertFalse(Addresses.sameNetwork(Addresses.parse("2001:db8::5"), 64, Addresses.parse("2001:db8:1::10")));
        assertFalse(Addresses.sameNetwork(Addresses.parse("198.51.100.5"), 0, Addresses.parse("2001:db8::10")));
    }
}
