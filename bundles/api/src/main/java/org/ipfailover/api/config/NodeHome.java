package org.ipfailover.api.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** The node's home folder (conf/, plugins/, var/, log/), set by the launcher, and the node's default id. */
public final class NodeHome {
    /** The framework or system property the launcher sets to the home folder. */
    public static final String PROPERTY = "ipfailover.home";

    private NodeHome() {
    }

    /**
     * @param context any bundle context
     * @param path a path from configuration
     * @return the path, resolved against the home when relative
     */
    public static Path resolve(BundleContext context, String path) {
        String home = context.getProperty(PROPERTY);
        Path base = Path.of(home != null ? home : System.getProperty("user.dir"));
        return base.resolve(path).toAbsolutePath().normalize();
    }

    /**
     * @param configured {@link NodeConfig#id()}
     * @return the configured id, else this host's name
     */
    public static String nodeId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            Path hostname = Path.of("/etc/hostname");
            if (Files.isReadable(hostname)) {
                String name = Files.readString(hostname).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
