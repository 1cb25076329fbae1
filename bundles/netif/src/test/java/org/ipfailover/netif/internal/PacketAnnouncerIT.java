package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Native;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** JNA inside the framework: its bundle wires to netif and loads its native part, and the packet socket opens. */
class PacketAnnouncerIT {
    @Test
    void opensAPacketSocketThroughTheJnaBundle() {
        Needs.root("a packet socket takes CAP_NET_RAW");
        Bundle jna = FrameworkUtil.getBundle(Native.class);
        assertEquals("com.sun.jna", jna == null ? "the class path" : jna.getSymbolicName());

        try (PacketAnnouncer announcer = new PacketAnnouncer("")) {
            BackendException e = assertThrows(BackendException.class, () -> announcer.announce(Vip.parse("ipfo-none0:198.51.100.10/24")));

            assertEquals("interface ipfo-none0 does not exist", e.getMessage());
        }
    }
}
