package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ipfailover.test.support.Needs;

/**
 * A real ext4 filesystem in a 16 MiB image on a loop device this test attached itself. Closing it
 * unmounts every mount of that device, detaches it and deletes the image; a shutdown hook does the
 * same for whatever a failed test left behind. Loop devices the test did not attach are never touched.
 */
final class LoopVolume implements AutoCloseable {
    private static final Set<LoopVolume> OPEN = new LinkedHashSet<>();
    private static boolean hooked;

    final Path image;
    final Path device;
    final String label;
    final String uuid;
    final String number;

    private LoopVolume(Path image, Path device, String label, String uuid, String number) {
        this.image = image;
        this.device = device;
        this.label = label;
        this.uuid = uuid;
        this.number = number;
    }

    static LoopVolume create(Path folder) throws Exception {
        LoopDevices.assumeAvailable();
        String label = "ipfo" + UUID.randomUUID().toString().substring(0, 8);
        Path image = folder.resolve(label + ".img");
        Exec.run("truncate", "-s", "16M", image.toString());
        Exec.run("mkfs.ext4", "-q", "-L", label, image.toString());
        Path device;
        try {
            device = Path.of(Exec.run("losetup", "--find", "--show", image.toString()));
        } catch (IOException e) {
            Files.deleteIfExists(image);
            Needs.that(false, "no loop device could be attached: " + e.getMessage());
            throw e;
        }
        LoopVolume volume;
        try {
            String uuid = Exec.run("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", device.toString());
            volume = new LoopVolume(image, device, label, uuid, BlockDevices.number(device));
        } catch (Exception e) {
            Exec.tryRun("losetup", "-d", device.toString());
            Files.deleteIfExists(image);
            throw e;
        }
        register(volume);
        return volume;
    }

    /** Mounts it as an operator would, outside the action. */
    void mountAt(Path mountPoint) throws Exception {
        Exec.run("mount", device.toString(), mountPoint.toString());
    }

    boolean mountedAt(Path mountPoint) throws IOException {
        return MountTable.read().at(mountPoint.toRealPath()).filter(m -> m.device().equals(number)).isPresent();
    }

    List<Path> mountPoints() throws IOException {
        return MountTable.read().of(number).stream().map(MountTable.Mount::mountPoint).toList();
    }

    @Override
    public void close() throws IOException {
        synchronized (OPEN) {
            OPEN.remove(this);
        }
        for (Path mountPoint : mountPoints()) {
            Exec.tryRun("umount", "-l", mountPoint.toString());
        }
        Exec.tryRun("losetup", "-d", device.toString());
        Files.deleteIfExists(image);
    }

    private static void register(LoopVolume volume) {
        synchronized (OPEN) {
            OPEN.add(volume);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(LoopVolume::closeAll, "ipfailover-loop-cleanup"));
            }
        }
    }

    private static void closeAll() {
        List<LoopVolume> left;
        synchronized (OPEN) {
            left = List.copyOf(OPEN);
        }
        for (LoopVolume volume : left) {
            try {
                volume.close();
            } catch (IOException e) {
                System.err.println("could not clean up " + volume.device + ": " + e);
            }
        }
    }
}
