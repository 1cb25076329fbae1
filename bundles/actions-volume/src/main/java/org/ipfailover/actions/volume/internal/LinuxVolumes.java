package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipfailover.actions.volume.internal.MountTable.Mount;

/** mount(8) and umount(8), checked against /proc/self/mountinfo before and after. */
final class LinuxVolumes implements Volumes {
    private final VolumeSpec volume;
    private final Path mountPoint;
    private final String type;
    private final String options;
    private final UnmountPolicy policy;
    private final Commands commands;

    LinuxVolumes(VolumeSpec volume, Path mountPoint, String type, String options, UnmountPolicy policy, Commands commands) {
        this.volume = volume;
        this.mountPoint = mountPoint;
        this.type = type;
        this.options = options;
        this.policy = policy;
        this.commands = commands;
    }

    @Override
    public String mount(Deadline deadline) throws VolumeException, InterruptedException {
        Path device = BlockDevices.resolve(volume, commands, deadline);
        String number = BlockDevices.number(device);
        String what = describe(device);
        Path target = realMountPoint();
        MountTable table = table();
        Optional<Mount> here = table.at(target);
        if (here.isPresent() && here.get().device().equals(number)) {
            return what + " was already mounted on " + target;
        }
        if (here.isPresent()) {
            throw new VolumeException("refusing to mount " + what + " on " + target + ": " + here.get() + " is mounted there");
        }
        List<Mount> elsewhere = table.of(number);
        if (!elsewhere.isEmpty()) {
            throw new VolumeException("refusing to mount " + what + " on " + target + ": it is already mounted on "
                    + elsewhere.get(0).mountPoint() + " (a filesystem mounted twice by two hosts is corrupted)");
        }
        if (!Files.isDirectory(target)) {
            throw new VolumeException("cannot mount " + what + ": the mount point " + target + " is not an existing folder");
        }
        List<String> command = new ArrayList<>(List.of("mount"));
        if (!type.isEmpty()) {
            command.addAll(List.of("-t", type));
        }
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(device.toString(), target.toString()));
        Commands.Result result = commands.run(command, deadline);
        if (!result.ok()) {
            throw new VolumeException("could not mount " + what + " on " + target + ": " + result.describe());
        }
        Mount mounted = table().at(target).filter(m -> m.device().equals(number))
                .orElseThrow(() -> new VolumeException("mount reported success but " + target + " does not show " + what));
        return "mounted " + what + " on " + target + " (" + mounted.type() + (options.isEmpty() ? "" : ", " + options) + ")";
    }

    @Override
    public String unmount(Deadline deadline) throws VolumeException, InterruptedException {
        Path target = realMountPoint();
        Optional<Mount> here = table().at(target);
        if (here.isEmpty()) {
            return volume + " was not mounted on " + target;
        }
        String number = deviceNumberIfAttached(deadline);
        if (number != null && !here.get().device().equals(number)) {
            throw new VolumeException("refusing to unmount " + target + ": it holds " + here.get().source() + ", not " + volume);
        }
        String what = volume + " (" + here.get().source() + ") on " + target;
        String outcome = policy.apply(what, force -> commands.run(force
                ? List.of("umount", "-l", "-f", target.toString()) : List.of("umount", target.toString()), deadline),
                () -> Holders.of(target), deadline);
        if (table().at(target).filter(m -> m.equals(here.get())).isPresent()) {
            throw new VolumeException("umount reported success but " + target + " still shows " + here.get());
        }
        return outcome;
    }

    /** The volume's device number, or null when it is gone: its stale mount is still ours to remove. */
    private String deviceNumberIfAttached(Deadline deadline) throws InterruptedException {
        try {
            return BlockDevices.number(BlockDevices.resolve(volume, commands, deadline));
        } catch (VolumeException e) {
            return null;
        }
    }

    private String describe(Path device) {
        return volume.kind() == VolumeSpec.Kind.DEVICE ? device.toString() : volume + " (" + device + ")";
    }

    /** mountinfo shows mount points with their links resolved. */
    private Path realMountPoint() {
        try {
            return mountPoint.toRealPath();
        } catch (IOException e) {
            return mountPoint.toAbsolutePath().normalize();
        }
    }

    private static MountTable table() throws VolumeException {
        try {
            return MountTable.read();
        } catch (IOException e) {
            throw new VolumeException("cannot read the mount table " + MountTable.MOUNTINFO + ": " + e.getMessage());
        }
    }
}
