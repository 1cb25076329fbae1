package org.ipfailover.actions.volume.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to mount, as configured: a device path, {@code UUID=…}, {@code LABEL=…}, or (macOS) a
 * volume name.
 */
record VolumeSpec(Kind kind, String value) {
    enum Kind { DEVICE, UUID, LABEL, NAME }

    /** A DCE UUID (ext4, xfs, btrfs, HFS+, APFS), a FAT serial (XXXX-XXXX) or an NTFS serial (16 hex digits). */
    private static final Pattern UUID_SYNTAX = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{4}-[0-9a-fA-F]{4}|[0-9a-fA-F]{16}");

    /**
     * @param text the configured value
     * @param volumeNames whether a bare name is a volume name (macOS) rather than an error
     * @throws IllegalArgumentException saying what does not parse
     */
    static VolumeSpec parse(String text, boolean volumeNames) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("must name the volume: a device (/dev/sdb1), UUID=<uuid> or LABEL=<label>");
        }
        if (trimmed.regionMatches(true, 0, "UUID=", 0, 5)) {
            String uuid = unquote(trimmed.substring(5));
            if (!UUID_SYNTAX.matcher(uuid).matches()) {
                throw new IllegalArgumentException("\"" + uuid + "\" is not a UUID (expected e.g. UUID=3e6be9de-8139-11d1-9106-a43f08d823a6, "
                        + "or XXXX-XXXX for FAT)");
            }
            return new VolumeSpec(Kind.UUID, normalized(uuid));
        }
        if (trimmed.regionMatches(true, 0, "LABEL=", 0, 6)) {
            String label = unquote(trimmed.substring(6));
            if (label.isEmpty() || label.contains("/")) {
                throw new IllegalArgumentException("\"" + label + "\" is not a filesystem label (not empty, no '/')");
            }
            return new VolumeSpec(Kind.LABEL, label);
        }
        if (trimmed.startsWith("/")) {
            return new VolumeSpec(Kind.DEVICE, trimmed);
        }
        if (volumeNames) {
            return UUID_SYNTAX.matcher(trimmed).matches() ? new VolumeSpec(Kind.UUID, normalized(trimmed)) : new VolumeSpec(Kind.NAME, trimmed);
        }
        throw new IllegalArgumentException("\"" + trimmed + "\" is neither a device path (/dev/sdb1) nor UUID=<uuid> nor LABEL=<label>");
    }

    /** As blkid and udev write them: DCE UUIDs in lower case, FAT and NTFS serials in upper case. */
    private static String normalized(String uuid) {
        return uuid.length() == 36 ? uuid.toLowerCase(Locale.ROOT) : uuid.toUpperCase(Locale.ROOT);
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UUID -> "UUID=" + value;
            case LABEL -> "LABEL=" + value;
            case DEVICE, NAME -> value;
        };
    }
}
