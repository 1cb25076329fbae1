package org.ipfailover.test.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The gate for tests that need what a developer's machine may lack: root, network namespaces,
 * loop devices, a tool. Where it is missing the test is skipped, saying what it needs; where the
 * environment variable {@value #REQUIRED} is set (CI) it fails instead, so that CI never passes
 * by skipping.
 */
public final class Needs {
    /** Set where every gated test must run. */
    public static final String REQUIRED = "IPFAILOVER_REQUIRE_NETNS";

    private Needs() {
    }

    /** @param why what the test does as root, for the skip message */
    public static void root(String why) {
        that(isRoot(), "needs root: " + why);
    }

    /**
     * @param available whether the test can run here
     * @param missing what is missing and what for, e.g. "ip (package iproute2) is not installed"
     */
    public static void that(boolean available, String missing) {
        if (available) {
            return;
        }
        if (System.getenv(REQUIRED) != null) {
            Assertions.fail(REQUIRED + " is set, so this test must run here, but " + missing);
        }
        Assumptions.abort(missing);
    }

    /** @return whether this process runs as root */
    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
