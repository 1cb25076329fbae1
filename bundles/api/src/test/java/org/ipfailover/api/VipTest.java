package org.ipfailover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VipTest {
    @Test
    void parsesIpv4AndIpv6() {
        assertEquals("eth0:198.51.100.10/24", Vip.parse("eth0:198.51.100.10/24").toString());
        assertEquals("eth0:198.51.100.10/32", Vip.parse(" eth0:198.51.100.10 ").toString());
        assertEquals("eth0:2001:db8::10/64", Vip.parse("eth0:2001:db8::10/64").toString());
        assertEquals("eth0:2001:db8::10/128", Vip.parse("eth0:[2001:db8:0:0::10]").toString());
    }

    @Test
    void writesIpv6InItsShortestForm() {
        assertEquals("2001:db8:0:1::10", Vip.parse("e:2001:db8:0:1:0:0:0:10").host());
        assertEquals("2001:db8::1:0:0:1", Vip.parse("e:2001:db8:0:0:1:0:0:1").host());
        assertEquals("::1", Vip.parse("e:::1").host());
        assertEquals("fe80::", Vip.parse("e:fe80::").host());
        assertEquals("2001:db8:1:2:3:4:5:6", Vip.parse("e:2001:db8:1:2:3:4:5:6").host());
        assertEquals("2001:db8::10", Vip.parse("e:2001:0db8:0:0:0:0:0:0010").host());
        assertEquals("::", Vip.parse("e:::").host());
        assertEquals("2001:0:0:1::1", Vip.parse("e:2001:0:0:1:0:0:0:1").host());
        assertEquals("198.51.100.10", Vip.parse("e:198.51.100.10").host());
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> Vip.parse("198.51.100.10/24"));
        assertThrows(IllegalArgumentException.class, () -> Vip.parse("eth0:web.example/24"));
        assertThrows(IllegalArgumentException.class, () -> Vip.parse("eth0:198.51.100.10/33"));
        assertThrows(IllegalArgumentException.class, () -> Vip.parse("eth0:198.51.100.10/x"));
    }
}
