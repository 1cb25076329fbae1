package org.ipfailover.actions.afp.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Tests that mount a filesystem of their own: skipped unless root, except in CI (IPFAILOVER_REQUIRE_NETNS set), where they fail. */
final class RootOnly {
    static final String REQUIRED = "IPFAILOVER_REQUIRE_NETNS";

    private RootOnly() {
    }

    static void assume(String why) {
        boolean root;
        try {
            root = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            root = false;
        }
        if (root) {
            return;
        }
        if (System.getenv(REQUIRED) != null) {
            fail(REQUIRED + " is set, so this test must run, and it needs root: " + why);
        }
        Assumptions.abort("needs root: " + why);
    }
}
