package org.ipfailover.actions.volume.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** macOS: {@code diskutil info / mount / unmount} by volume name, volume UUID or device. */
final class DiskutilVolumes implements Volumes {
    /** The lines of {@code diskutil info} this action reads. */
    record Info(String deviceNode, boolean mounted, String mountPoint) {
        static Info parse(String output) {
            String node = "";
            String mounted = "";
            String mountPoint = "";
            for (String line : output.lines().toList()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "Device Node" -> node = value;
                    case "Mounted" -> mounted = value;
                    case "Mount Point" -> mountPoint = value;
                    default -> { }
                }
            }
            return new Info(node, mounted.startsWith("Yes"), mountPoint);
        }
    }

    private final String diskutil;
    private final VolumeSpec volume;
    private final Path mountPoint;
    private final UnmountPolicy policy;
    private final Commands commands;

    /** @param mountPoint where to mount, or null to let diskutil choose (/Volumes/<name>) */
    DiskutilVolumes(String diskutil, VolumeSpec volume, Path mountPoint, UnmountPolicy policy, Commands commands) {
        this.diskutil = diskutil;
        this.volume = volume;
        this.mountPoint = mountPoint;
        this.policy = policy;
        this.commands = commands;
    }

    @Override
    public String mount(Deadline deadline) throws VolumeException, InterruptedException {
        Info info = info(deadline);
        if (info.mounted() && (mountPoint == null || Path.of(info.mountPoint()).equals(mountPoint))) {
            return volume + " was already mounted on " + info.mountPoint();
        }
        if (info.mounted()) {
            throw new VolumeException("refusing to mount " + volume + " on " + mountPoint + ": it is already mounted on " + info.mountPoint());
        }
        List<String> command = new ArrayList<>(List.of(diskutil, "mount"));
        if (mountPoint != null) {
            command.addAll(List.of("-mountPoint", mountPoint.toString()));
        }
        command.add(info.deviceNode().isEmpty() ? volume.value() : info.deviceNode());
        Commands.Result result = commands.run(command, deadline);
        if (!result.ok()) {
            throw new VolumeException("could not mount " + volume + ": " + result.describe());
        }
        Info after = info(deadline);
        if (!after.mounted()) {
            throw new VolumeException("diskutil reported success but " + volume + " is not mounted");
        }
        return "mounted " + volume + " (" + after.deviceNode() + ") on " + after.mountPoint();
    }

    @Override
    public String unmount(Deadline deadline) throws VolumeException, InterruptedException {
        Info info = info(deadline);
        if (!info.mounted()) {
            return volume + " was not mounted";
        }
        String target = info.deviceNode().isEmpty() ? volume.value() : info.deviceNode();
        String what = volume + " on " + info.mountPoint();
        // diskutil names the dissenting processes itself
        return policy.apply(what, force -> commands.run(force ? List.of(diskutil, "unmount", "force", target)
                : List.of(diskutil, "unmount", target), deadline), () -> "", deadline);
    }

    private Info info(Deadline deadline) throws VolumeException, InterruptedException {
        Commands.Result result = commands.run(List.of(diskutil, "info", volume.value()), deadline);
        if (!result.ok()) {
            throw new VolumeException("diskutil does not find " + volume + ": " + result.describe());
        }
        return Info.parse(result.output());
    }
}
