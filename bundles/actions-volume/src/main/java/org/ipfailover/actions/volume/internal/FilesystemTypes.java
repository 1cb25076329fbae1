package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether this Linux host can mount a filesystem type: in the kernel, as a loadable module, or through a mount helper. */
final class FilesystemTypes {
    private static final Path FILESYSTEMS = Path.of("/proc/filesystems");
    private static final Path OS_RELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final List<String> HELPER_FOLDERS = List.of("/sbin", "/usr/sbin", "/bin", "/usr/bin");

    private FilesystemTypes() {
    }

    static boolean known(String type) {
        if (type.equals("auto") || inKernel(type)) {
            return true;
        }
        for (String folder : HELPER_FOLDERS) {
            if (Files.isExecutable(Path.of(folder, "mount." + type))) {
                return true;
            }
        }
        try {
            String release = Files.readString(OS_RELEASE).trim();
            return Files.isDirectory(Path.of("/lib/modules", release, "kernel/fs", type));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean inKernel(String type) {
        try {
            return Files.readAllLines(FILESYSTEMS).stream().map(l -> l.substring(l.indexOf('\t') + 1).trim()).anyMatch(type::equals);
        } catch (IOException e) {
            return false;
        }
    }
}
