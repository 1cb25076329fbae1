package org.ipfailover.console.internal;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** The node's home folder (conf/, plugins/, var/, log/), set by the launcher. */
final class NodeHome {
    static final String PROPERTY = "ipfailover.home";

    private NodeHome() {
    }

    static Path resolve(BundleContext context, String path) {
        String home = context.getProperty(PROPERTY);
        Path base = Path.of(home != null ? home : System.getProperty("user.dir"));
        return base.resolve(path).toAbsolutePath().normalize();
    }
}
