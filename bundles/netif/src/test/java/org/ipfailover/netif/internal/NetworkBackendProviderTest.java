package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;

class NetworkBackendProviderTest {
    static final Tool IP = new Tool("ip", "iproute2", "add and remove addresses", Path.of("/usr/sbin/ip"));
    static final Tool NO_IP = new Tool("ip", "iproute2", "add and remove addresses", null);
    static final Tool NO_ARPING = new Tool("arping", "iputils-arping", "announce IPv4 addresses", null);
    static final Tool NDPTOOL = new Tool("ndptool", "libndp-tools", "announce IPv6 addresses", Path.of("/usr/bin/ndptool"));

    @Test
    void saysNothingWhenEveryToolIsThere() {
        assertNull(NetworkBackendProvider.missingTools(backend(IP, NDPTOOL)));
    }

    @Test
    void namesAMissingAnnouncerAndItsPackage() {
        assertEquals("Network backend iproute2 will add addresses but cannot announce them all: not installed: "
                + "arping (package iputils-arping, to announce IPv4 addresses)",
                NetworkBackendProvider.missingTools(backend(IP, NO_ARPING, NDPTOOL)));
    }

    @Test
    void saysSoWhenTheBackendCannotWorkAtAll() {
        assertEquals("Network backend iproute2 cannot work: not installed: ip (package iproute2, to add and remove addresses), "
                + "arping (package iputils-arping, to announce IPv4 addresses)",
                NetworkBackendProvider.missingTools(backend(NO_IP, NO_ARPING, NDPTOOL)));
    }

    private static OfferedBackend backend(Tool... tools) {
        return new OfferedBackend() {
            @Override
            public List<Tool> tools() {
                return List.of(tools);
            }

            @Override
            public String name() {
                return "iproute2";
            }

            @Override
            public void acquire(Vip vip) {
            }

            @Override
            public void release(Vip vip) {
            }

            @Override
            public void announce(Vip vip) {
            }

            @Override
            public Set<Vip> held(String device) {
                return Set.of();
            }
        };
    }
}
