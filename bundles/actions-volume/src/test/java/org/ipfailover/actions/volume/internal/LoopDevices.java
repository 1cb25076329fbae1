package org.ipfailover.actions.volume.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipfailover.test.support.Needs;

/**
 * Whether this machine lets the tests attach loop devices and mount them. Where it does not, the
 * tests that need it are skipped, except in CI, where they fail (see {@link Needs}).
 */
final class LoopDevices {
    private static final List<String> TOOLS = List.of("mkfs.ext4", "losetup", "blkid", "mount", "umount");

    private LoopDevices() {
    }

    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!Needs.isRoot()) {
            missing.add("root (the tests attach loop devices and mount them)");
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            missing.add("/dev/loop-control");
        }
        for (String tool : TOOLS) {
            if (Commands.locate(tool).equals(tool)) {
                missing.add(tool + " (packages e2fsprogs, mount, util-linux)");
            }
        }
        Needs.that(missing.isEmpty(), "loop-device mounts need " + String.join(", ", missing));
    }
}
