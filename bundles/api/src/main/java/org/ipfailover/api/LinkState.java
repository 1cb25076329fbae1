package org.ipfailover.api;

import java.util.Objects;

/**
 * The state of one network interface, as the kernel reports it.
 *
 * @param device the interface's name
 * @param up whether it can carry traffic: administratively up and with a carrier; false also when
 *        the interface is gone
 * @param detail what the kernel says, e.g. {@code <BROADCAST,MULTICAST,UP,LOWER_UP> state UP} or
 *        {@code deleted}, for logs and status
 */
public record LinkState(String device, boolean up, String detail) {
    /** Checks the fields. */
    public LinkState {
        Objects.requireNonNull(device, "device");
        detail = detail == null ? "" : detail;
    }
}
