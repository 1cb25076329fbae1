package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the block device behind a {@link VolumeSpec} and its device number, as mountinfo shows it. */
final class BlockDevices {
    private static final Path BY_UUID = Path.of("/dev/disk/by-uuid");
    private static final Path BY_LABEL = Path.of("/dev/disk/by-label");

    private BlockDevices() {
    }

    /** @return the device node, e.g. /dev/sdb1, following udev's links */
    static Path resolve(VolumeSpec spec, Commands commands, Deadline deadline) throws VolumeException, InterruptedException {
        Path device = switch (spec.kind()) {
            case DEVICE -> Path.of(spec.value());
            case UUID -> find(BY_UUID.resolve(spec.value()), spec, commands, deadline);
            case LABEL -> find(BY_LABEL.resolve(udevEscape(spec.value())), spec, commands, deadline);
            case NAME -> throw new VolumeException(spec + " is a volume name, which only macOS mounts by; use a device, UUID= or LABEL=");
        };
        if (!Files.exists(device)) {
            throw new VolumeException(spec.kind() == VolumeSpec.Kind.DEVICE ? "device " + device + " does not exist"
                    : spec + " names " + device + ", which does not exist");
        }
        try {
            return device.toRealPath();
        } catch (IOException e) {
            throw new VolumeException("device " + device + " (" + spec + "): " + e.getMessage());
        }
    }

    /** @return {@code major:minor} of a device node */
    static String number(Path device) throws VolumeException {
        try {
            long rdev = ((Number) Files.getAttribute(device, "unix:rdev")).longValue();
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return major + ":" + minor;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new VolumeException("cannot read the device number of " + device + ": " + e.getMessage());
        }
    }

    private static Path find(Path link, VolumeSpec spec, Commands commands, Deadline deadline)
            throws VolumeException, InterruptedException {
        if (Files.exists(link)) {
            return link;
        }
        // Without udev's links (containers, minimal systems) blkid probes every device itself. Not "blkid -L/-U": they
        // answer from blkid's cache file, which names a reused loop device by its previous filesystem.
        Commands.Result found = commands.run(List.of("blkid", "-c", "/dev/null", "-o", "device", "-t", spec.toString()), deadline);
        List<String> devices = found.output().lines().map(String::trim).filter(l -> l.startsWith("/")).toList();
        if (!found.ok() || devices.isEmpty()) {
            throw new VolumeException("no block device with " + spec + " is attached"
                    + (found.exit() == 2 && devices.isEmpty() ? "" : " (" + found.describe() + ")"));
        }
        if (devices.size() > 1) {
            throw new VolumeException(spec + " names several devices, " + String.join(", ", devices) + ": refusing to guess");
        }
        return Path.of(devices.get(0));
    }

    /** udev writes ASCII characters outside [A-Za-z0-9#+-.:=@_] of a label as \xNN and keeps UTF-8 as it is. */
    static String udevEscape(String label) {
        StringBuilder escaped = new StringBuilder();
        for (char c : label.toCharArray()) {
            if (c >= 0x80 || Character.isLetterOrDigit(c) || "#+-.:=@_".indexOf(c) >= 0) {
                escaped.append(c);
            } else {
                escaped.append(String.format("\\x%02x", (int) c));
            }
        }
        return escaped.toString();
    }
}
