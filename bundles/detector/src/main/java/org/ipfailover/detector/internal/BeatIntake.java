package org.ipfailover.detector.internal;

import java.net.InetSocketAddress;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** What the heartbeat hears and how it is, for the running detector; dropped while none runs. */
@Component
public class BeatIntake implements BeatListener {
    private final DetectorHolder holder;

    @Activate
    public BeatIntake(@Reference DetectorHolder holder) {
        this.holder = holder;
    }

    @Override
    public void beat(Beat beat) {
        Detector current = holder.running();
        if (current != null) {
            current.beat(beat);
        }
    }

    @Override
    public void ownBeat(String network, long receivedNanos) {
        Detector current = holder.running();
        if (current != null) {
            current.ownBeat(network, receivedNanos);
        }
    }

    @Override
    public void unauthenticated(String node, InetSocketAddress source, long receivedNanos) {
        Detector current = holder.running();
        if (current != null) {
            current.unauthenticated(node, receivedNanos);
        }
    }

    @Override
    public void duplicateNode(InetSocketAddress source, long receivedNanos) {
        Detector current = holder.running();
        if (current != null) {
            current.duplicateNode(source, receivedNanos);
        }
    }

    @Override
    public void heartbeatHealth(HeartbeatHealth next) {
        holder.heartbeatHealth(next);
    }
}
