package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NetworkDefinition;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this node's heartbeats on every configured network and hands the verified beats of its
 * peers to the {@link BeatListener}s.
 *
 * <p>An unusable configuration never fails the activation (SCR would not retry it once the file
 * is fixed): the component then stays without sockets, or keeps its previous configuration, until
 * an update is usable.
 *
 * <p>{@link NodeConfig} is shared with the detector, so its metatype designate ships with the api
 * bundle rather than as a {@code @Designate} here.
 */
@Component(service = HeartbeatStatistics.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class HeartbeatService implements HeartbeatStatistics {
    static final long RETRY_SECONDS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatService.class);

    private final BundleContext context;
    private final NodeStatus status;
    private final Counters counters = new Counters();
    private final ScheduledThreadPoolExecutor senderThread;
    private final HeartbeatContext parts;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<BeatListener> listeners = List.of();

    private volatile HeartbeatSettings settings;
    private volatile ActiveHeartbeat active;
    private AutoCloseable subscription;
    private ScheduledFuture<?> retry;
    private String lastStartFailure;
    private boolean deactivated;

    /** Checks the configuration; {@link #activate()} starts, once SCR has injected the listeners. */
    @Activate
    public HeartbeatService(BundleContext context, @Reference(name = "status") NodeStatus status, NodeConfig config,
            Map<String, Object> properties) {
        this.context = context;
        this.status = status;
        senderThread = new ScheduledThreadPoolExecutor(1, Threads.named("ipfailover-heartbeat-send"));
        senderThread.setRemoveOnCancelPolicy(true);
        parts = new HeartbeatContext(status, () -> listeners, BootSequence.random(), new ReplayWindow(), counters,
                new LogThrottle(), senderThread);
        settings = check(config, properties);
    }

    @Activate
    synchronized void activate() {
        subscription = status.subscribe(this::statusChanged);
        start();
    }

    @Modified
    synchronized void modified(NodeConfig config, Map<String, Object> properties) {
        HeartbeatSettings next = check(config, properties);
        if (next == null || next.equals(settings)) {
            return;
        }
        stop();
        settings = next;
        start();
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
            stop();
        }
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            LOG.warn("Heartbeat: closing the node status subscription failed: {}", e.toString());
        }
        senderThread.shutdownNow();
        try {
            if (!senderThread.awaitTermination(ActiveHeartbeat.STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Heartbeat sender did not stop within {} ms", ActiveHeartbeat.STOP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the settings, or null (each problem logged) when the configuration is unusable */
    private HeartbeatSettings check(NodeConfig config, Map<String, Object> properties) {
        try {
            return HeartbeatSettings.of(config, properties, path -> NodeHome.resolve(context, path), LOG::error);
        } catch (InvalidConfigurationException e) {
            String source = ConfigurationCheck.sourceOf(properties);
            if (settings == null) {
                LOG.error("Heartbeat not started until {} is fixed", source);
            } else {
                LOG.error("Heartbeat keeps running with its previous configuration until {} is fixed", source);
            }
            return null;
        }
    }

    private synchronized void start() {
        retry = null;
        if (deactivated || active != null || settings == null) {
            return;
        }
        try {
            active = ActiveHeartbeat.start(settings, parts);
        } catch (IOException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastStartFailure)) {
                LOG.error("Heartbeat of node {} could not start: {}; trying again every {} s", settings.nodeId(),
                        e.getMessage(), RETRY_SECONDS);
            }
            lastStartFailure = String.valueOf(e.getMessage());
            retry = senderThread.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        lastStartFailure = null;
        logStarted(settings);
    }

    private synchronized void stop() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (active != null) {
            active.close();
            active = null;
        }
    }

    private void statusChanged() {
        ActiveHeartbeat running = active;
        if (running != null) {
            running.statusChanged();
        }
    }

    private void logStarted(HeartbeatSettings started) {
        String networks = started.networks().stream().map(n -> describe(n, started.port()))
                .collect(Collectors.joining("; "));
        LOG.info("Heartbeat of node {} (boot {}) started from {}: every {} ms; {}", started.nodeId(), parts.boot(),
                started.source(), started.intervalMillis(), networks);
        if (started.authenticated()) {
            LOG.info("Heartbeats are authenticated with HMAC-SHA256, key from {}", started.keyFile());
        } else {
            LOG.warn("Heartbeats are NOT authenticated (auth = none in {}): anyone who can reach these networks can "
                    + "forge beats and make a dead node look alive to its peers",
                    started.source());
        }
    }

    private static String describe(NetworkDefinition network, int port) {
        String destinations = network.destinations().stream().map(d -> d.getAddress().getHostAddress() + ":" + d.getPort())
                .collect(Collectors.joining(", "));
        String local = network.bind() != null ? network.bind().getHostAddress() : "every address";
        return network.name() + " -> " + destinations + " (from " + local + ", port " + port + ")";
    }

    @Override
    public Map<String, Long> accepted() {
        return counters.accepted();
    }

    @Override
    public Map<String, Long> dropped() {
        return counters.dropped();
    }

    @Override
    public Map<String, Long> sent() {
        return counters.sent();
    }

    @Override
    public Map<String, Long> sendFailures() {
        return counters.sendFailures();
    }

    @Override
    public boolean authenticated() {
        HeartbeatSettings current = settings;
        return current == null || current.authenticated();
    }
}
