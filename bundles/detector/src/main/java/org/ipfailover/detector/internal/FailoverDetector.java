package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeConfig;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.CollectionType;
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
 * The detector as a component: the node configuration, the groups, and the whiteboard of
 * actions, listeners and the network backend, handed to the {@link Detector} engine. Actions,
 * listeners and the backend come and go without touching the groups' addresses; the engine is
 * only replaced (keeping the addresses) when the node configuration changes.
 * Its configuration, {@link NodeConfig}, is designated for metatype by the api bundle (the OCD
 * names the PID), since the heartbeat shares it.
 */
@Component(immediate = true, configurationPid = NodeConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {NodeStatus.class, BeatListener.class, FailoverControl.class})
public class FailoverDetector implements NodeStatus, BeatListener, FailoverControl, Detector.Services, SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverDetector.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile List<Map.Entry<Map<String, Object>, FailoverAction>> actionServices = List.of();

    /** In ascending ranking, as SCR keeps it: listeners are called in this order. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "listenerAdded", unbind = "listenerRemoved")
    volatile List<FailoverListener> listenerServices = List.of();

    private final BundleContext context;
    private final Map<GroupDefinition, String> definitions = new ConcurrentHashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    /** Held while a detector starts or a group is handed to it, so that no group is lost in between. */
    private final Object groupsLock = new Object();
    private volatile NetworkBackend backend;
    /** What the heartbeat said last; a detector started later begins with it. */
    private volatile HeartbeatHealth health;
    private volatile Detector detector;
    /**
     * Whose announcements the heartbeat sends. Never empty while a detector hands over: a node that
     * announced nothing would look to its peers as holding nothing while its addresses are still up.
     */
    private volatile Detector announcing;

    @Activate
    public FailoverDetector(BundleContext context, NodeConfig config, Map<String, Object> properties) {
        this.context = context;
        context.addBundleListener(this);
        DetectorSettings settings = check(config, properties, context);
        if (settings == null) {
            LOG.warn("Detector not started until {} is fixed", ConfigurationCheck.sourceOf(properties));
            return;
        }
        start(settings);
    }

    @Modified
    void modified(NodeConfig config, Map<String, Object> properties) {
        DetectorSettings settings = check(config, properties, context);
        if (settings == null) {
            LOG.warn("Detector keeps its previous configuration");
            return;
        }
        Detector previous = detector;
        if (previous != null) {
            detector = null;
            previous.stop(false); // it goes on announcing what it held until the next one has said what it holds
        }
        start(settings);
    }

    /**
     * The node is stopping: release what this node holds now, while the backend and the actions
     * are still there (the framework stops the bundles installed last, plugins among them, first).
     */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
            Detector current = detector;
            detector = null;
            if (current != null) {
                LOG.info("The node is stopping: releasing the groups it holds");
                current.stop(true); // announced all along, so that peers take the groups only once released here
            }
        }
    }

    /** Replaced or reconfigured, not stopping: the addresses stay, the next detector resumes them. */
    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        Detector current = detector;
        detector = null;
        if (current != null) {
            current.stop(false);
        }
    }

    private void start(DetectorSettings settings) {
        Detector next = new Detector(settings, this, health);
        synchronized (groupsLock) {
            for (GroupDefinition definition : definitions.keySet()) {
                if (definition.settings() != null) {
                    next.addGroup(definition.settings());
                }
            }
            detector = next;
        }
        next.start();
        announcing = next;
        announcementsChanged();
    }

    private static DetectorSettings check(NodeConfig config, Map<String, Object> properties, BundleContext context) {
        try {
            return DetectorSettings.of(config, properties, context, LOG::error);
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }

    // ---- groups

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeGroup", updated = "updatedGroup")
    void addGroup(GroupDefinition definition) {
        synchronized (groupsLock) {
            GroupSettings settings = definition.settings();
            String previous = definitions.put(definition, settings == null ? "" : settings.name());
            Detector current = detector;
            if (current == null) {
                return;
            }
            if (previous != null && !previous.isEmpty() && (settings == null || !previous.equals(settings.name()))) {
                current.removeGroup(previous);
            }
            if (settings != null) {
                current.addGroup(settings);
            }
        }
    }

    void updatedGroup(GroupDefinition definition) {
        addGroup(definition);
    }

    void removeGroup(GroupDefinition definition) {
        synchronized (groupsLock) {
            String name = definitions.remove(definition);
            Detector current = detector;
            if (current != null && name != null && !name.isEmpty()) {
                current.removeGroup(name);
            }
        }
    }

    // ---- listeners: a notifier that comes a moment after the start still hears what happened at the start

    void listenerAdded(FailoverListener listener) {
        Detector current = detector;
        if (current != null) {
            current.listenersChanged();
        }
    }

    void listenerRemoved(FailoverListener listener) {
        // the field is all that changes
    }

    // ---- the backend: the highest-ranked one

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetBackend")
    void setBackend(NetworkBackend backend) {
        this.backend = backend;
        LOG.info("Network backend: {}", backend.name());
        Detector current = detector;
        if (current != null) {
            current.backendChanged();
        }
    }

    void unsetBackend(NetworkBackend gone) {
        if (backend == gone) {
            backend = null;
            LOG.warn("Network backend {} left: addresses stay as they are until another one comes", gone.name());
        }
    }

    // ---- Detector.Services

    @Override
    public List<RankedAction> actions() {
        List<RankedAction> ranked = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, FailoverAction> entry : actionServices) {
            ranked.add(new RankedAction(entry.getValue(), ranking(entry.getKey().get(Constants.SERVICE_RANKING)),
                    bundleOf(entry.getKey().get(Constants.SERVICE_BUNDLEID))));
        }
        return ranked;
    }

    private String bundleOf(Object id) {
        Bundle bundle = id instanceof Long l ? context.getBundle(l) : null;
        return bundle != null ? bundle.getSymbolicName() : "?";
    }

    /** A ranking from a .cfg file arrives as text; the framework itself would treat it as 0. */
    static int ranking(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                LOG.warn("service.ranking \"{}\" of an action is not a number: ranked 0", text);
            }
        }
        return 0;
    }

    @Override
    public NetworkBackend backend() {
        return backend;
    }

    @Override
    public List<FailoverListener> listeners() {
        return listenerServices;
    }

    @Override
    public void announcementsChanged() {
        for (Runnable subscriber : subscribers) {
            try {
                subscriber.run();
            } catch (RuntimeException e) {
                LOG.warn("Status subscriber failed: {}", e.toString());
            }
        }
    }

    // ---- NodeStatus and BeatListener

    @Override
    public List<GroupAnnouncement> announcements() {
        Detector current = announcing;
        return current == null ? List.of() : current.announcements();
    }

    @Override
    public Set<String> peers() {
        Detector current = announcing;
        return current == null ? Set.of() : current.peerNodes();
    }

    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        subscribers.add(onChange);
        return () -> subscribers.remove(onChange);
    }

    @Override
    public void beat(Beat beat) {
        Detector current = detector;
        if (current != null) {
            current.beat(beat);
        }
    }

    @Override
    public void unauthenticated(String node, java.net.InetSocketAddress source, long receivedNanos) {
        Detector current = detector;
        if (current != null) {
            current.unauthenticated(node, receivedNanos);
        }
    }

    @Override
    public void duplicateNode(java.net.InetSocketAddress source, long receivedNanos) {
        Detector current = detector;
        if (current != null) {
            current.duplicateNode(source, receivedNanos);
        }
    }

    @Override
    public void heartbeatHealth(HeartbeatHealth next) {
        health = next;
        Detector current = detector;
        if (current != null) {
            current.heartbeatHealth(next);
        }
    }

    // ---- FailoverControl

    @Override
    public String node() {
        return running().node();
    }

    @Override
    public NodeCondition condition() {
        return running().condition();
    }

    @Override
    public List<GroupStatus> groups() {
        return running().groups();
    }

    @Override
    public List<PeerStatus> peerStatus() {
        return running().peers();
    }

    @Override
    public List<FailoverEvent> history(int count) {
        return running().history(count);
    }

    @Override
    public List<ActionInfo> actions(String group) {
        return running().actions(group);
    }

    @Override
    public List<ActionResult> test(String group) {
        return running().test(group);
    }

    @Override
    public String reclaim(String group) {
        return running().reclaim(group);
    }

    @Override
    public String takeover(String group) {
        return running().command(group, "takeover");
    }

    @Override
    public String release(String group) {
        return running().command(group, "release");
    }

    @Override
    public String fail(String group) {
        return running().command(group, "fail");
    }

    @Override
    public String recover(String group) {
        return running().command(group, "recover");
    }

    private Detector running() {
        Detector current = detector;
        if (current == null) {
            throw new IllegalStateException("the detector is not running: see the log for its configuration problems");
        }
        return current;
    }
}
