package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ipfailover.api.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceListTest {
    static final String PROC_NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  420625    3933    0    0    0     0          0         0   420625    3933    0    0    0     0       0          0
              eth0:39294454    1536    0    0    0     0          0         0   232494    1327    0    0    0     0       0          0
            vlan.10:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
            """;

    @TempDir
    Path dir;

    @Test
    void findsEveryInterfaceListedAndNoOther() throws Exception {
        Path file = Files.writeString(dir.resolve("dev"), PROC_NET_DEV);

        assertTrue(DeviceList.lists(file, "lo"));
        assertTrue(DeviceList.lists(file, "eth0"));
        assertTrue(DeviceList.lists(file, "vlan.10"));
        assertFalse(DeviceList.lists(file, "eth"));
        assertFalse(DeviceList.lists(file, "face"));
        assertFalse(DeviceList.lists(file, "eth1"));
    }

    @Test
    void readsTheInterfacesOfThisProcesssNamespace() throws Exception {
        assertTrue(DeviceList.lists(DeviceList.OWN, "lo"));
        assertFalse(DeviceList.lists(DeviceList.OWN, "ipfo-none0"));
    }

    @Test
    void saysWhichFileItCouldNotRead() {
        BackendException e = assertThrows(BackendException.class, () -> DeviceList.lists(dir.resolve("absent"), "lo"));

        assertTrue(e.getMessage().contains(dir.resolve("absent").toString()), e.getMessage());
    }
}
