package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;
import org.ipfailover.threads.internal.Threads;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
 * Sends this node's heartbeats on every configured network, hands the verified beats of its peers
 * to the {@link BeatListener}s, and tells them whether this node's own beats go out.
 *
 * <p>An unusable configuration never fails the activation (SCR would not retry it once the file
 * is fixed): the component then stays without sockets, or keeps its previous configuration, until
 * an update is usable, or until the key file it names is fixed.
 *
 * <p>{@link NodeConfig} is shared with the detector, so its metatype designate ships with the api
 * bundle rather than as a {@code @Designate} here.
 *
 * <p>Longer than our classes usually are: it owns the heartbeat's life cycle (configuration, start,
 * retry, key reload, stop) as one state guarded by one lock; the parts it drives (sockets, sender,
 * receivers, boot counter, peers' boots, health) are classes of their own.
 */
@Component(service = HeartbeatStatistics.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class HeartbeatService implements HeartbeatStatistics {
    static final long RETRY_SECONDS = 1;
    /** How often the key file is looked at, the sender watched, the kernel's drops at send counted, and the peers' boots written when they advanced. */
    static final long HOUSEKEEPING_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatService.class);

    private final BundleContext context;
    private final LastKnownStatus status;
    private final Counters counters = new Counters();
    private final ReplayWindow replays = new ReplayWindow();
    private final PartAssembler assembler = new PartAssembler();
    private final LogThrottle throttle = new LogThrottle();
    private final List<BeatListener> listeners = new CopyOnWriteArrayList<>();
    private final HealthReport health =
            new HealthReport(listeners, HeartbeatHealth.silent("the heartbeat has not started yet"));
    private final ScheduledThreadPoolExecutor senderThread;
    private final Housekeeping housekeeping = new Housekeeping(this::savePeers, this::savePeersDurably);
    private final SendDropWatch sendDrops = new SendDropWatch(SendDropWatch.SNMP, SendDropWatch.SNMP6);

    private volatile HeartbeatSettings settings;
    private volatile ActiveHeartbeat active;
    /** Made at the first start, from the state folder; kept for the component's lifetime. */
    private volatile HeartbeatContext parts;
    private NodeConfig latestConfig;
    private Map<String, Object> latestProperties;
    private boolean latestRefused;
    private KeyWatch keyWatch;
    private AutoCloseable subscription;
    private ScheduledFuture<?> retry;
    private String lastStartFailure;
    private boolean activated;
    private boolean deactivated;

    /** Checks the configuration; {@link #activate()} starts, once SCR has bound the listeners and a detector is there. */
    @Activate
    public HeartbeatService(BundleContext context, NodeConfig config, Map<String, Object> properties) {
        this.context = context;
        this.status = new LastKnownStatus(this::nodeStopping);
        senderThread = new ScheduledThreadPoolExecutor(1, Threads.single("ipfailover-heartbeat-send"));
        senderThread.setRemoveOnCancelPolicy(true);
        settings = configure(config, properties);
    }

    @Reference(name = "listeners", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeListener")
    void addListener(BeatListener listener) {
        listeners.add(listener);
        health.bound(listener);
    }

    void removeListener(BeatListener listener) {
        listeners.remove(listener);
    }

    /**
     * The detector's status. Optional and dynamic: the heartbeat starts with the first detector and
     * outlives it, announcing what it last announced until the next one is there (see
     * {@link LastKnownStatus}).
     */
    @Reference(name = "status", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "statusUnbound")
    void statusBound(NodeStatus detector) {
        if (status.bind(detector)) {
            start();
        }
    }

    void statusUnbound(NodeStatus detector) {
        status.unbind(detector);
    }

    @Activate
    synchronized void activate() {
        activated = true;
        subscription = status.subscribe(this::statusChanged);
        housekeeping.every(HOUSEKEEPING_MILLIS, () -> {
            checkKey();
            checkSender();
            checkSendDrops();
        });
        start();
    }

    @Modified
    synchronized void modified(NodeConfig config, Map<String, Object> properties) {
        HeartbeatSettings next = configure(config, properties);
        if (next != null) {
            apply(next);
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
            stop();
        }
        if (status.holdsWithoutDetector()) {
            LOG.warn("Heartbeat stopped while no detector runs: the addresses of {} stay configured on this host until "
                    + "the node starts again and resumes or releases them", status.lastAnnouncedText());
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
        housekeeping.stop(ActiveHeartbeat.STOP_MILLIS);
        // told last: once a listener hears "stopped", nothing of this heartbeat runs or writes any more
        health.close(HeartbeatHealth.silent("the heartbeat stopped (its component was deactivated)"));
    }

    /**
     * Checks a configuration, and watches the key file it names from before the key is read.
     *
     * @return the settings, or null (each problem logged, and reported as the health while nothing
     *         runs) when the configuration is unusable
     */
    private HeartbeatSettings configure(NodeConfig config, Map<String, Object> properties) {
        latestConfig = config;
        latestProperties = properties;
        watch(HeartbeatSettings.keyFileOf(config, this::resolve));
        try {
            HeartbeatSettings next = HeartbeatSettings.of(config, properties, this::resolve, LOG::error);
            latestRefused = false;
            return next;
        } catch (InvalidConfigurationException e) {
            latestRefused = true;
            String source = ConfigurationCheck.sourceOf(properties);
            if (settings == null) {
                LOG.error("Heartbeat not started until {} is fixed", source);
                health.set(HeartbeatHealth.silent(summary(e.problems())));
            } else {
                LOG.error("Heartbeat keeps running with its previous configuration until {} is fixed", source);
            }
            return null;
        }
    }

    private static String summary(List<String> problems) {
        return "the heartbeat is not started: " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems, see the log)" : "");
    }

    private Path resolve(String path) {
        return NodeHome.resolve(context, path);
    }

    /** A change before this call is the configuration's to judge: only later ones count. */
    private void watch(Path keyFile) {
        keyWatch = keyFile != null ? new KeyWatch(keyFile) : null;
    }

    private synchronized void apply(HeartbeatSettings next) {
        if (next.equals(settings)) {
            return;
        }
        stop();
        settings = next;
        start();
    }

    private synchronized void start() {
        start(true);
    }

    /** @param announce whether a successful start is logged (a new key says so in a line of its own) */
    private synchronized void start(boolean announce) {
        retry = null;
        if (!activated || deactivated || active != null || settings == null || !status.everBound()) {
            return;
        }
        try {
            active = ActiveHeartbeat.start(settings, context(settings));
        } catch (IOException | RuntimeException e) {
            String failure = String.valueOf(e.getMessage());
            if (!failure.equals(lastStartFailure)) {
                LOG.error("Heartbeat of node {} could not start: {}; trying again every {} s", settings.nodeId(),
                        failure, RETRY_SECONDS);
            }
            lastStartFailure = failure;
            health.set(HeartbeatHealth.silent("the heartbeat of node " + settings.nodeId() + " cannot start: " + failure
                    + "; trying again every " + RETRY_SECONDS + " s"));
            retry = senderThread.schedule(() -> start(true), RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        lastStartFailure = null;
        if (announce) {
            StartLog.started(settings, parts.boot());
        }
    }

    /** The first start reads (and writes) the boot counter and the peers' boots in the state folder. */
    private HeartbeatContext context(HeartbeatSettings current) {
        Path peersFile = current.stateFolder().resolve(PeerBoots.FILE);
        if (parts != null) {
            parts.peerBoots().use(peersFile);
            return parts;
        }
        long counter = BootCounter.next(current.stateFolder(), System.currentTimeMillis() / 1000, LOG::warn, LOG::error);
        parts = new HeartbeatContext(status, () -> listeners, BootSequence.of(counter), replays,
                PeerBoots.load(peersFile, LOG::warn), assembler, counters, throttle, senderThread, health::set,
                housekeeping::saveSoon);
        return parts;
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

    private boolean nodeStopping() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return system == null || system.getState() == Bundle.STOPPING;
    }

    private void statusChanged() {
        ActiveHeartbeat running = active;
        if (running != null) {
            running.statusChanged();
        }
    }

    private void checkSendDrops() {
        long dropped = sendDrops.look();
        if (dropped > 0 && active != null) {
            long lines = throttle.due(SendDropWatch.class.getSimpleName(), System.nanoTime());
            if (lines > 0) {
                LOG.warn("Heartbeat: {}", sendDrops.line(dropped));
            }
        }
    }

    private void checkSender() {
        ActiveHeartbeat running = active;
        if (running != null) {
            running.checkSender(System.nanoTime());
        }
    }

    /**
     * A changed key file: a refused configuration is checked again (fixing the key file is enough
     * to start); a running one takes the new key, or keeps the old one if the new cannot be used.
     */
    private synchronized void checkKey() {
        if (deactivated || keyWatch == null || !keyWatch.changed()) {
            return;
        }
        if (latestRefused || settings == null) {
            HeartbeatSettings next = configure(latestConfig, latestProperties);
            if (next != null) {
                apply(next);
            }
            return;
        }
        byte[] key;
        try {
            key = HeartbeatKey.read(settings.keyFile());
        } catch (IOException e) {
            LOG.error("Heartbeat keeps its previous key: the new {}", e.getMessage());
            return;
        }
        if (!Arrays.equals(key, settings.key())) {
            stop();
            settings = settings.withKey(key);
            LOG.info("Heartbeat key reloaded from {}", settings.keyFile());
            start(false);
        }
    }

    private void savePeers() {
        HeartbeatContext started = parts;
        if (started != null) {
            started.peerBoots().save();
        }
    }

    private void savePeersDurably() {
        HeartbeatContext started = parts;
        if (started != null) {
            started.peerBoots().saveDurably();
        }
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

    /** @return whether the beats that go out now are authenticated: false while none go out */
    @Override
    public boolean authenticated() {
        HeartbeatSettings current = settings;
        return active != null && current != null && current.authenticated();
    }
}
