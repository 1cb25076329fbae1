package org.ipfailover.actions.afp.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.config.ConfigurationCheck;

/** The AFP action's configuration, checked. */
record AfpSettings(Path plist, Path location, boolean restoreOnRelease, Path stateFile, Set<String> groups, OnFailure onFailure,
        Duration timeout) {

    /**
     * @param check collects what makes the configuration unusable
     * @param host collects what this host lacks now (an unwritable plist), which may be fixed without touching the configuration
     * @param resolve resolves a path against the node's home
     * @return the settings, meaningful only when {@code check} found no problem
     */
    static AfpSettings of(AfpConfig config, ConfigurationCheck check, ConfigurationCheck host, Function<String, Path> resolve) {
        Path plist = absolute(config.plist(), "plist", "e.g. /Library/Preferences/com.apple.AppleFileServer.plist", check);
        Path location = absolute(config.reconnectKeyLocation(), "reconnectKeyLocation", "on the shared volume, e.g. /Volumes/AFPToken/AFP.conf",
                check);
        check.check(location == null || location.getParent() != null, "reconnectKeyLocation", "must name a file in a folder");
        check.check(config.timeout() >= 1000, "timeout", "must be at least 1000 ms");
        check.check(!config.stateFile().isBlank(), "stateFile", "must name a file, e.g. var/org.ipfailover.action.afp.state");
        if (plist != null) {
            checkWritable(plist, host);
        }
        List<String> groups = ConfigurationCheck.items(config.groups());
        return new AfpSettings(plist, location, config.restoreOnRelease(), resolve.apply(config.stateFile().trim()), Set.copyOf(groups),
                config.onFailure(), Duration.ofMillis(config.timeout()));
    }

    private static Path absolute(String text, String key, String example, ConfigurationCheck check) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("/")) {
            check.problem(key, trimmed.isEmpty() ? "must be set, " + example : "\"" + trimmed + "\" is not an absolute path, " + example);
            return null;
        }
        return Path.of(trimmed).normalize();
    }

    /** The plist is replaced by a rename: its folder must be writable as well as the file. */
    private static void checkWritable(Path plist, ConfigurationCheck host) {
        Path folder = plist.getParent();
        if (!Files.isDirectory(folder)) {
            host.problem("plist", folder + " is not an existing folder: " + plist.getFileName() + " cannot be read or written there");
        } else if (!Files.exists(plist)) {
            host.problem("plist", plist + " does not exist (is the AFP server set up on this node?)");
        } else if (!Files.isRegularFile(plist)) {
            host.problem("plist", plist + " is not a regular file");
        } else if (!Files.isWritable(plist) || !Files.isWritable(folder)) {
            host.problem("plist", plist + " cannot be written (" + (Files.isWritable(plist) ? "its folder is" : "it is")
                    + " read-only for this node)");
        } else {
            try {
                PlistFile.read(plist);
            } catch (AfpException e) {
                host.problem("plist", e.getMessage());
            }
        }
    }
}
