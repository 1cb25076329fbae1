package org.ipfailover.detector.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Tells when the node itself stops (the system bundle is stopping), before any bundle stops: the
 * groups are released while the backend and the actions are still there (the framework stops the
 * bundles installed last, plugins among them, first).
 */
final class NodeStopWatch implements SynchronousBundleListener, AutoCloseable {
    private final BundleContext context;
    private final Runnable onStopping;

    NodeStopWatch(BundleContext context, Runnable onStopping) {
        this.context = context;
        this.onStopping = onStopping;
        context.addBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
            onStopping.run();
        }
    }

    @Override
    public void close() {
        try {
            context.removeBundleListener(this);
        } catch (IllegalStateException e) {
            // the bundle's context is no longer valid: its listeners are gone with it
        }
    }
}
