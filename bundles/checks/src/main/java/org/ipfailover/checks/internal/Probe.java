package org.ipfailover.checks.internal;

import org.apache.felix.hc.api.Result;

/** One configured way of looking at a service; returns within its timeout, whatever the service does. */
@FunctionalInterface
interface Probe {
    /** @return OK when the service answers as expected, else CRITICAL with what went wrong */
    Result probe();
}
