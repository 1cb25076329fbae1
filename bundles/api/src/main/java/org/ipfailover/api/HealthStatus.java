package org.ipfailover.api;

import java.util.Objects;

/**
 * One thing that guards a group on this node: a service check, or an interface whose link is
 * tracked.
 *
 * @param group the group guarded
 * @param check the check's name, or {@code link:<interface>} for a tracked interface
 * @param health how it stands
 * @param passes consecutive passes (for an interface: 1 while up)
 * @param failures consecutive failures (for an interface: 1 while down)
 * @param output the last line the check gave (its message, an exception, "timed out after …"), or
 *        the link's state as the kernel reports it
 * @param since when it last changed its health, in milliseconds since 1970
 */
public record HealthStatus(String group, String check, Health health, int passes, int failures, String output, long since) {
    /** Checks the fields. */
    public HealthStatus {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(health, "health");
        output = output == null ? "" : output;
    }
}
