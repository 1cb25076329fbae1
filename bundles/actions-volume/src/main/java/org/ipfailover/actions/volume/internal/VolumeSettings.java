package org.ipfailover.actions.volume.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.config.ConfigurationCheck;

/** One volume's configuration, checked. */
record VolumeSettings(VolumeSpec volume, Path mountPoint, String type, String options, UnmountPolicy unmount,
        Duration timeout, Set<String> groups, OnFailure onFailure, boolean macos) {

    static final boolean MACOS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");

    String name() {
        return "volume:" + (mountPoint != null ? mountPoint : volume);
    }

    Volumes volumes(Commands commands) {
        return macos ? new DiskutilVolumes("diskutil", volume, mountPoint, unmount, commands)
                : new LinuxVolumes(volume, mountPoint, type, options, unmount, commands);
    }

    /**
     * @param check collects what makes the configuration unusable
     * @param host collects what this host lacks now (the mount point, the filesystem type), which may be fixed without
     *        touching the configuration
     * @return the settings, meaningful only when {@code check} found no problem
     */
    static VolumeSettings of(VolumeConfig config, ConfigurationCheck check, ConfigurationCheck host, boolean macos) {
        VolumeSpec volume = null;
        try {
            volume = VolumeSpec.parse(config.volume(), macos);
        } catch (IllegalArgumentException e) {
            check.problem("volume", e.getMessage());
        }
        Path mountPoint = mountPoint(config.mountPoint().trim(), check, host, macos);
        String type = config.type().trim();
        String options = config.options().trim();
        check.check(type.matches("[A-Za-z0-9._+-]*"), "type", "\"" + type + "\" is not a filesystem type (e.g. ext4, xfs, nfs)");
        if (!macos && type.matches("[A-Za-z0-9._+-]+")) {
            host.check(FilesystemTypes.known(type), "type", "this host knows no filesystem type \"" + type
                    + "\" (not in /proc/filesystems, no kernel module, no mount." + type + " helper)");
        }
        check.check(!options.matches(".*\\s.*"), "options", "\"" + options + "\" must be comma separated without spaces (noatime,nodev)");
        if (macos) {
            host.check(type.isEmpty() && options.isEmpty(), type.isEmpty() ? "options" : "type", "is ignored on macOS (diskutil mount)");
        }
        check.check(config.retries() >= 0, "retries", "must not be negative");
        check.check(config.retryInterval() >= 0, "retryInterval", "must not be negative");
        check.check(config.timeout() >= 1000, "timeout", "must be at least 1000 ms");
        check.check((long) config.retries() * config.retryInterval() < config.timeout(), "timeout",
                config.timeout() + " ms leaves no time for " + config.retries() + " retries " + config.retryInterval() + " ms apart");
        UnmountPolicy unmount = new UnmountPolicy(config.retries(), Duration.ofMillis(config.retryInterval()), config.forceUnmount());
        return new VolumeSettings(volume, mountPoint, type, options, unmount, Duration.ofMillis(config.timeout()),
                Set.copyOf(ConfigurationCheck.items(config.groups())), config.onFailure(), macos);
    }

    private static Path mountPoint(String text, ConfigurationCheck check, ConfigurationCheck host, boolean macos) {
        if (text.isEmpty()) {
            check.check(macos, "mountPoint", "must name the folder to mount on, e.g. mountPoint = /srv/shared");
            return null;
        }
        if (!text.startsWith("/")) {
            check.problem("mountPoint", "\"" + text + "\" is not an absolute path");
            return null;
        }
        Path path = Path.of(text).normalize();
        if (!macos) {
            host.check(Files.isDirectory(path), "mountPoint", path + " is not an existing folder: mounting will fail until it is created");
        }
        return path;
    }
}
