package org.ipfailover.metrics.internal;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NotifierQueue;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * This node's metrics in a registry of their own: counted from the events and beats it hears,
 * read from the detector, the heartbeat and the notifiers at each scrape. Every service is
 * optional: a metric whose source is not running is left out, and /metrics answers all the same.
 */
@Component(service = {NodeMetrics.class, FailoverListener.class, BeatListener.class}, immediate = true)
public class NodeMetrics implements FailoverListener, BeatListener, Sources {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final EventMetrics events = new EventMetrics(registry);
    private final OwnBeats own = new OwnBeats(registry, System::nanoTime);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FailoverControl control;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HeartbeatStatistics heartbeat;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<NotifierQueue> notifiers;

    public NodeMetrics() {
        new StatusMetrics(registry, this);
    }

    /** @return every metric now */
    MetricSnapshots scrape() {
        return registry.scrape();
    }

    @Override
    public void failoverEvent(FailoverEvent event) {
        events.on(event);
    }

    @Override
    public void beat(Beat beat) {
        // peers' beats show through the detector's peer status at the scrape
    }

    @Override
    public void ownBeat(String network, long receivedNanos) {
        own.heard(network, receivedNanos);
    }

    @Override
    public void heartbeatHealth(HeartbeatHealth health) {
        own.health(health);
    }

    @Override
    public FailoverControl control() {
        return control;
    }

    @Override
    public HeartbeatStatistics heartbeat() {
        return heartbeat;
    }

    @Override
    public List<NotifierQueue> notifiers() {
        List<NotifierQueue> current = notifiers;
        return current != null ? current : List.of();
    }
}
