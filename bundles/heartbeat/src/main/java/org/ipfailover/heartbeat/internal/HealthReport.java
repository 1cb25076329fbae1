package org.ipfailover.heartbeat.internal;

import java.util.List;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's health as the {@link BeatListener}s hear it: each listener is told the current
 * health when it is bound and every change after that, in order. Once closed, nothing changes it.
 */
final class HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(HealthReport.class);

    private final List<BeatListener> listeners;
    private final LogThrottle throttle = new LogThrottle();
    private HeartbeatHealth current;
    private boolean closed;

    /** @param listeners the bound listeners, read at each change */
    HealthReport(List<BeatListener> listeners, HeartbeatHealth initial) {
        this.listeners = listeners;
        this.current = initial;
    }

    synchronized HeartbeatHealth current() {
        return current;
    }

    /** Tells every listener, when the health differs from the last one told. */
    synchronized void set(HeartbeatHealth health) {
        if (closed || health.equals(current)) {
            return;
        }
        current = health;
        for (BeatListener listener : listeners) {
            tell(listener);
        }
    }

    /** Tells a listener that was just bound. */
    synchronized void bound(BeatListener listener) {
        tell(listener);
    }

    /** Tells every listener the last health, and ignores what comes after. */
    synchronized void close(HeartbeatHealth last) {
        set(last);
        closed = true;
    }

    private void tell(BeatListener listener) {
        try {
            listener.heartbeatHealth(current);
        } catch (Throwable failure) {
            if (throttle.due(listener.getClass().getName(), System.nanoTime()) > 0) {
                LOG.error("Beat listener {} failed on the heartbeat's health {}", listener.getClass().getName(), current,
                        failure);
            }
        }
    }
}
