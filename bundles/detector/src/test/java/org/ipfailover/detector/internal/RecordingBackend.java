package org.ipfailover.detector.internal;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;

/**
 * A backend for the detector's tests: it keeps the addresses it was given, as an interface would,
 * and writes what it is asked into a trace ("acquire eth0:198.51.100.10/24").
 */
final class RecordingBackend implements NetworkBackend {
    final Set<Vip> held = Collections.synchronizedSet(new HashSet<>());
    /** The interfaces this "host" has. */
    final Set<String> devices = Collections.synchronizedSet(new HashSet<>(Set.of("eth0")));
    /** Set to make adding an address fail, as adding one to a missing interface does. */
    volatile boolean refuseAcquire;
    /** Set to make name() throw, as a plugin with a bug would. */
    volatile boolean nameFails;
    private final List<String> trace;

    RecordingBackend(List<String> trace) {
        this.trace = trace;
    }

    @Override
    public String name() {
        if (nameFails) {
            throw new IllegalStateException("no name today");
        }
        return "recording";
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        if (refuseAcquire || !devices.contains(vip.device())) {
            trace.add("refused " + vip);
            throw new BackendException("Cannot find device \"" + vip.device() + "\"");
        }
        held.add(vip);
        trace.add("acquire " + vip);
    }

    @Override
    public void release(Vip vip) {
        held.remove(vip);
        trace.add("release " + vip);
    }

    @Override
    public void announce(Vip vip) {
        trace.add("announce " + vip);
    }

    @Override
    public Set<Vip> held(String device) {
        return Set.copyOf(held);
    }

    @Override
    public boolean hasInterface(String device) {
        return devices.contains(device);
    }
}
