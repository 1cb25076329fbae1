package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    static final List<String> MOUNTINFO = List.of(
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
            "50 27 7:0 / /srv/shared\\040data rw,relatime shared:7 master:1 - ext4 /dev/loop0 rw",
            "51 27 7:1 / /mnt/other rw,relatime - xfs /dev/loop1 rw",
            "52 50 0:44 / /srv/shared\\040data rw - tmpfs tmp\\134fs rw",
            "garbage");

    @Test
    void readsMountPointsWithTheKernelsEscapes() {
        MountTable table = MountTable.parse(MOUNTINFO);
        assertEquals(4, table.mounts().size());
        MountTable.Mount top = table.at(Path.of("/srv/shared data")).orElseThrow();
        assertEquals(new MountTable.Mount("0:44", Path.of("/srv/shared data"), "tmpfs", "tmp\\fs"), top);
        assertEquals(List.of(Path.of("/srv/shared data")), table.of("7:0").stream().map(MountTable.Mount::mountPoint).toList());
        assertTrue(table.at(Path.of("/srv")).isEmpty());
        assertTrue(table.of("8:1").isEmpty());
    }
}
