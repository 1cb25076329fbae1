package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.ipfailover.process.internal.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macOS path against a stand-in {@code diskutil} that keeps the volume's state in a file and
 * answers in diskutil's format: which arguments are passed, and how its answers are read.
 */
class DiskutilVolumesTest {
    static final String DISKUTIL = """
            #!/bin/sh
            here=$(dirname "$0")
            echo "$*" >> "$here/calls"
            case "$1" in
            info)
              [ "$2" = "Shared" ] || [ "$2" = "/dev/disk9s1" ] || { echo "Could not find disk: $2"; exit 1; }
              echo "   Device Identifier:         disk9s1"
              echo "   Device Node:               /dev/disk9s1"
              echo "   Volume Name:               Shared"
              if [ -f "$here/mounted" ]; then
                echo "   Mounted:                   Yes"
                echo "   Mount Point:               $(cat "$here/mounted")"
              else
                echo "   Mounted:                   No"
              fi ;;
            mount)
              if [ "$2" = "-mountPoint" ]; then echo "$3" > "$here/mounted"; else echo /Volumes/Shared > "$here/mounted"; fi
              echo "Volume Shared on disk9s1 mounted" ;;
            unmount)
              if [ -f "$here/busy" ] && [ "$2" != "force" ]; then
                echo "Volume Shared on disk9s1 failed to unmount: dissented by PID 4242 (/usr/bin/tail)"; exit 1
              fi
              rm -f "$here/mounted"; echo "Volume Shared on disk9s1 unmounted" ;;
            esac
            """;

    final ProcessRunner processes = new ProcessRunner("test-volume");
    @TempDir
    Path folder;
    Path diskutil;

    @BeforeEach
    void setUp() throws Exception {
        diskutil = folder.resolve("diskutil");
        Files.writeString(diskutil, DISKUTIL);
        Files.setPosixFilePermissions(diskutil, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void closeRunner() {
        processes.close();
    }

    @Test
    void mountsByNameOnItsMountPointAndUnmountsByDevice() throws Exception {
        DiskutilVolumes volumes = volumes("Shared", Path.of("/Volumes/Data"), false);
        assertEquals("mounted Shared (/dev/disk9s1) on /Volumes/Data", volumes.mount(deadline()));
        assertEquals("Shared was already mounted on /Volumes/Data", volumes.mount(deadline()));
        assertEquals("unmounted Shared on /Volumes/Data", volumes.unmount(deadline()));
        assertEquals("Shared was not mounted", volumes.unmount(deadline()));
        assertEquals(List.of("info Shared", "mount -mountPoint /Volumes/Data /dev/disk9s1", "info Shared", "info Shared", "info Shared",
                "unmount /dev/disk9s1", "info Shared"), calls());
    }

    @Test
    void refusesAVolumeMountedElsewhere() throws Exception {
        Files.writeString(folder.resolve("mounted"), "/Volumes/Shared 1");
        VolumeException refused = assertThrows(VolumeException.class, () -> volumes("Shared", Path.of("/Volumes/Data"), false).mount(deadline()));
        assertEquals("refusing to mount Shared on /Volumes/Data: it is already mounted on /Volumes/Shared 1", refused.getMessage());
    }

    @Test
    void aBusyVolumeIsForcedOnlyWhenAllowed() throws Exception {
        Files.writeString(folder.resolve("mounted"), "/Volumes/Shared");
        Files.writeString(folder.resolve("busy"), "");
        VolumeException kept = assertThrows(VolumeException.class, () -> volumes("Shared", null, false).unmount(deadline()));
        assertTrue(kept.getMessage().startsWith("could not unmount Shared on /Volumes/Shared after 2 tries: \"" + diskutil
                + " unmount /dev/disk9s1\": exit 1: Volume Shared on disk9s1 failed to unmount: dissented by PID 4242"), kept.getMessage());

        String forced = volumes("Shared", null, true).unmount(deadline());
        assertTrue(forced.startsWith("forced the unmount of Shared on /Volumes/Shared after 2 tries"), forced);
        assertTrue(calls().contains("unmount force /dev/disk9s1"), calls().toString());
    }

    @Test
    void anUnknownVolumeIsNamed() {
        VolumeException missing = assertThrows(VolumeException.class, () -> volumes("Nope", null, false).mount(deadline()));
        assertTrue(missing.getMessage().startsWith("diskutil does not find Nope: "), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("exit 1: Could not find disk: Nope"), missing.getMessage());
    }

    private DiskutilVolumes volumes(String volume, Path mountPoint, boolean force) {
        return new DiskutilVolumes(diskutil.toString(), VolumeSpec.parse(volume, true), mountPoint,
                new UnmountPolicy(1, Duration.ofMillis(10), force), new Commands(processes));
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(folder.resolve("calls"));
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }
}
