package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this machine lets the tests attach loop devices and mount them. Where it does not, the
 * tests that need it are skipped, except in CI (IPFAILOVER_REQUIRE_NETNS set), where they fail.
 */
final class LoopDevices {
    static final String REQUIRED = "IPFAILOVER_REQUIRE_NETNS";
    private static final List<String> TOOLS = List.of("mkfs.ext4", "losetup", "blkid", "mount", "umount");

    private LoopDevices() {
    }

    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!root()) {
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
        if (missing.isEmpty()) {
            return;
        }
        unavailable("loop-device mounts need " + String.join(", ", missing));
    }

    /** Skips the test, or fails it where it is required. */
    static void unavailable(String message) {
        if (System.getenv(REQUIRED) != null) {
            fail(REQUIRED + " is set, so this test must run: " + message);
        }
        Assumptions.abort(message);
    }

    static boolean root() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
