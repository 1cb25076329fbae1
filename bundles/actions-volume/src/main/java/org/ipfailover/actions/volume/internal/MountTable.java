package org.ipfailover.actions.volume.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kernel's mount table as {@code /proc/self/mountinfo} shows it, in mount order. */
record MountTable(List<Mount> mounts) {
    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * One mounted filesystem.
     *
     * @param device the device number, {@code major:minor}
     * @param mountPoint where it is mounted
     * @param type the filesystem type
     * @param source what was mounted, as the kernel names it (/dev/loop0)
     */
    record Mount(String device, Path mountPoint, String type, String source) {
        @Override
        public String toString() {
            return source + " on " + mountPoint + " (" + type + ")";
        }
    }

    MountTable {
        mounts = List.copyOf(mounts);
    }

    static MountTable read() throws IOException {
        return parse(Files.readAllLines(MOUNTINFO));
    }

    static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 5 || separator < 6 || separator + 2 >= fields.length) {
                continue;
            }
            mounts.add(new Mount(fields[2], Path.of(unescape(fields[4])), unescape(fields[separator + 1]),
                    unescape(fields[separator + 2])));
        }
        return new MountTable(mounts);
    }

    /** @return what is visible at {@code mountPoint}: the last filesystem mounted there */
    Optional<Mount> at(Path mountPoint) {
        Mount top = null;
        for (Mount mount : mounts) {
            if (mount.mountPoint().equals(mountPoint)) {
                top = mount;
            }
        }
        return Optional.ofNullable(top);
    }

    /** @return every place the device {@code major:minor} is mounted */
    List<Mount> of(String device) {
        return mounts.stream().filter(m -> m.device().equals(device)).toList();
    }

    /** The kernel writes space, tab, newline and backslash as three octal digits after a backslash. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
