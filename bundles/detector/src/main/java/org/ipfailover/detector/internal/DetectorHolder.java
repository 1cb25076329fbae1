package org.ipfailover.detector.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;
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
 * Holds the detector of this node: starts one per node configuration with every group bound so
 * far, replaces it when the configuration changes, and stops it, releasing the groups only when
 * the node itself stops ({@link NodeStopWatch}). The services of the bundle
 * ({@link StatusService}, {@link BeatIntake}, {@link ControlService}) reach the detector only
 * through it.
 *
 * <p>Two detectors matter during a hand-over: the {@linkplain #running() running} one, which gets
 * beats, groups and commands (none while it is replaced or stopping), and the
 * {@linkplain #announcing() announcing} one, whose announcements the heartbeat sends. The
 * announcing one is never empty once a detector ran: a node that announced nothing would look to
 * its peers as holding nothing while its addresses are still up. So a replaced detector goes on
 * announcing until the next has published, and a stopping one until it has released.
 *
 * <p>Its configuration, {@link NodeConfig}, is designated for metatype by the api bundle (the OCD
 * names the PID), since the heartbeat shares it.
 */
@Component(service = DetectorHolder.class, immediate = true, configurationPid = NodeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class DetectorHolder {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorHolder.class);

    /** Makes a detector that decides on the groups given. */
    interface Factory {
        Detector create(DetectorSettings settings, Detector.Services services, HeartbeatHealth health, List<GroupSettings> groups);
    }

    private final Factory factory;
    private final Plugins plugins;
    private final BundleContext context;
    private final NodeStopWatch stopWatch;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    /** Held while a detector starts, stops or is given a group, so that no group is lost in between. */
    private final Object lock = new Object();
    private final Map<Object, GroupSettings> groups = new LinkedHashMap<>();
    private volatile HeartbeatHealth health;
    private volatile Detector running;
    private volatile Detector announcing;

    @Activate
    public DetectorHolder(BundleContext context, NodeConfig config, Map<String, Object> properties, @Reference Plugins plugins) {
        this(DetectorHolder::detector, plugins, context);
        configure(config, properties);
    }

    DetectorHolder(Factory factory, Plugins plugins, BundleContext context) {
        this.factory = factory;
        this.plugins = plugins;
        this.context = context;
        this.stopWatch = context == null ? null : new NodeStopWatch(context, () -> {
            LOG.info("The node is stopping: releasing the groups it holds");
            stop(true);
        });
        plugins.onChange(this::backendChanged, this::listenersChanged, this::checksChanged);
        plugins.onGroupLeaseChange(this::groupLeaseChanged);
    }

    @Modified
    void configure(NodeConfig config, Map<String, Object> properties) {
        DetectorSettings settings;
        try {
            settings = DetectorSettings.of(config, properties, context, LOG::error);
        } catch (InvalidConfigurationException e) {
            if (running == null) {
                LOG.warn("Detector not started until {} is fixed", ConfigurationCheck.sourceOf(properties));
            } else {
                LOG.warn("Detector keeps its previous configuration");
            }
            return;
        }
        start(settings);
    }

    static Detector detector(DetectorSettings settings, Detector.Services services, HeartbeatHealth health, List<GroupSettings> groups) {
        Detector detector = new Detector(settings, services, health);
        groups.forEach(detector::addGroup);
        return detector;
    }

    /** Replaced or reconfigured, not stopping: the addresses stay, the next detector resumes them. */
    @Deactivate
    void deactivate() {
        if (stopWatch != null) {
            stopWatch.close();
        }
        plugins.onChange(null, null, null);
        plugins.onGroupLeaseChange(null);
        stop(false);
    }

    /**
     * Starts a detector with every group bound so far; a running one is stopped first, keeping its
     * addresses, and goes on announcing what it held until the next one has published.
     */
    void start(DetectorSettings settings) {
        Detector previous;
        synchronized (lock) {
            previous = running;
            running = null;
        }
        if (previous != null) {
            previous.stop(false);
        }
        Detector next;
        synchronized (lock) {
            HeartbeatHealth known = health;
            next = factory.create(settings, services(), known, groups.values().stream().filter(Objects::nonNull).toList());
            running = next;
            HeartbeatHealth latest = health;
            if (latest != known) {
                next.heartbeatHealth(latest);
            }
        }
        next.start();
        announcing = next;
        announcementsChanged();
    }

    /**
     * Stops the running detector, if any.
     *
     * @param release whether it releases the groups it holds (the node stops) or keeps them
     */
    void stop(boolean release) {
        Detector current;
        synchronized (lock) {
            current = running;
            running = null;
        }
        if (current != null) {
            current.stop(release);
        }
    }

    // ---- groups

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "groupUnbound", updated = "groupBound")
    void groupBound(GroupDefinition definition) {
        bind(definition, definition.settings());
    }

    void groupUnbound(GroupDefinition definition) {
        unbind(definition);
    }

    /** A group definition came or changed; null settings: it never checked out. */
    void bind(Object key, GroupSettings settings) {
        synchronized (lock) {
            GroupSettings previous = groups.put(key, settings);
            Detector current = running;
            if (current == null) {
                return;
            }
            if (previous != null && (settings == null || !previous.name().equals(settings.name()))) {
                current.removeGroup(previous.name());
            }
            if (settings != null) {
                current.addGroup(settings);
            }
        }
    }

    void unbind(Object key) {
        synchronized (lock) {
            GroupSettings gone = groups.remove(key);
            Detector current = running;
            if (current != null && gone != null) {
                current.removeGroup(gone.name());
            }
        }
    }

    // ---- the heartbeat's health: a detector started later begins with it

    void heartbeatHealth(HeartbeatHealth next) {
        health = next;
        Detector current = running;
        if (current != null) {
            current.heartbeatHealth(next);
        }
    }

    // ---- what the services reach

    /** @return the detector that decides, or null while there is none (not configured, replaced, stopping) */
    Detector running() {
        return running;
    }

    /** @return the running detector, for an operator */
    Detector require() {
        Detector current = running;
        if (current == null) {
            throw new IllegalStateException("the detector is not running: see the log for its configuration problems");
        }
        return current;
    }

    /** @return the detector whose announcements go out, or null before the first one started */
    Detector announcing() {
        return announcing;
    }

    AutoCloseable subscribe(Runnable onChange) {
        subscribers.add(onChange);
        return () -> subscribers.remove(onChange);
    }

    private void announcementsChanged() {
        for (Runnable subscriber : subscribers) {
            try {
                subscriber.run();
            } catch (RuntimeException e) {
                LOG.warn("Status subscriber failed: {}", e.toString());
            }
        }
    }

    private void backendChanged() {
        Detector current = running;
        if (current != null) {
            current.backendChanged();
        }
    }

    private void groupLeaseChanged() {
        Detector current = running;
        if (current != null) {
            current.groupLeaseChanged();
        }
    }

    private void checksChanged() {
        Detector current = running;
        if (current != null) {
            current.checksChanged();
        }
    }

    private void listenersChanged() {
        Detector current = running;
        if (current != null) {
            current.listenersChanged();
        }
    }

    private Detector.Services services() {
        return new Detector.Services() {
            @Override
            public List<RankedAction> actions() {
                return plugins.actions();
            }

            @Override
            public NetworkBackend backend() {
                return plugins.backend();
            }

            @Override
            public List<FailoverListener> listeners() {
                return plugins.listeners();
            }

            @Override
            public List<CheckDefinition> checks() {
                return plugins.checks();
            }

            @Override
            public GroupLease groupLease() {
                return plugins.groupLease();
            }

            @Override
            public void announcementsChanged() {
                DetectorHolder.this.announcementsChanged();
            }
        };
    }
}
