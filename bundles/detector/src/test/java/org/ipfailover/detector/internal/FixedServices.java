package org.ipfailover.detector.internal;

import java.util.List;
import java.util.function.Supplier;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.NetworkBackend;

/** The detector's services in a test: no actions, one backend, one listener, the checks the test has now. */
final class FixedServices implements Detector.Services {
    private final NetworkBackend backend;
    private final FailoverListener listener;
    private final Supplier<List<CheckDefinition>> checks;

    FixedServices(NetworkBackend backend, FailoverListener listener, Supplier<List<CheckDefinition>> checks) {
        this.backend = backend;
        this.listener = listener;
        this.checks = checks;
    }

    @Override
    public List<RankedAction> actions() {
        return List.of();
    }

    @Override
    public NetworkBackend backend() {
        return backend;
    }

    @Override
    public List<FailoverListener> listeners() {
        return List.of(listener);
    }

    @Override
    public List<CheckDefinition> checks() {
        return checks.get();
    }

    @Override
    public void announcementsChanged() {
    }
}
