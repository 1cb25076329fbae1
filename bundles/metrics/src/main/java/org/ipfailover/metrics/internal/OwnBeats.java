package org.ipfailover.metrics.internal;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.ipfailover.api.HeartbeatHealth;

/**
 * Whether this node's own beats go out and come back, as the heartbeat tells its listeners: a node
 * that does not hear its own beats on a broadcast or multicast network is behind on its receive
 * path, and the detector holds its judgement of the peers back until they come through again.
 */
final class OwnBeats {
    private final Map<String, Long> lastHeardNanos = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private volatile HeartbeatHealth health;

    OwnBeats(PrometheusRegistry registry, LongSupplier nanos) {
        this.nanos = nanos;
        GaugeWithCallback.builder().name("ipfailover_own_beat_age_seconds")
                .help("Seconds since this node last heard its own beat on the network (broadcast and multicast networks send "
                        + "them back; networks it never heard itself on are left out). Above 1.25 intervals on a network it "
                        + "sends on, the detector convicts no peer of silence")
                .labelNames("network").callback(cb -> {
                    long now = nanos.getAsLong();
                    lastHeardNanos.forEach((network, heard) -> cb.call(Math.max(0, now - heard) / 1e9, network));
                }).register(registry);
        GaugeWithCallback.builder().name("ipfailover_heartbeat_sending")
                .help("1 while this node's beats go out on at least one network, as the heartbeat says; 0 while none does")
                .callback(cb -> {
                    HeartbeatHealth current = health;
                    if (current != null) {
                        cb.call(current.sending() ? 1 : 0);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("ipfailover_heartbeat_network_sending")
                .help("1 for each network the latest beat went out on, 0 for a network heard from before that it did not")
                .labelNames("network").callback(cb -> {
                    HeartbeatHealth current = health;
                    if (current != null) {
                        Set<String> networks = new TreeSet<>(lastHeardNanos.keySet());
                        networks.addAll(current.networks());
                        networks.forEach(network -> cb.call(current.networks().contains(network) ? 1 : 0, network));
                    }
                }).register(registry);
    }

    void heard(String network, long receivedNanos) {
        lastHeardNanos.merge(network, receivedNanos, (last, next) -> next - last > 0 ? next : last);
    }

    void health(HeartbeatHealth current) {
        health = current;
    }
}
