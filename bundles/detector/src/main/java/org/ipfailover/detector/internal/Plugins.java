package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.hc.api.HealthCheck;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.GroupChecks;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.quorum.GroupLease;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard the detector works with, as it is at each moment: the actions (with their ranking
 * and bundle), the listeners, the highest-ranked network backend and the highest-ranked quorum
 * ({@link GroupLease}, optional: without one the detector decides alone). They come and go without
 * touching the groups' addresses; the holder is told when a backend or a listener arrives.
 */
@Component(service = Plugins.class)
public class Plugins {
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile List<Map.Entry<Map<String, Object>, FailoverAction>> actionServices = List.of();

    /** In ascending ranking, as SCR keeps it: listeners are called in this order. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, bind = "listenerAdded", unbind = "listenerRemoved")
    volatile List<FailoverListener> listenerServices = List.of();

    /** Felix health checks tagged to guard groups ({@link GroupChecks}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE,
            target = "(" + HealthCheck.TAGS + "=" + GroupChecks.TAG + ")", bind = "checkBound", unbind = "checkUnbound",
            updated = "checkUpdated")
    volatile List<Map.Entry<Map<String, Object>, HealthCheck>> checkServices = List.of();

    private final BundleContext context;
    private volatile NetworkBackend backend;
    private volatile GroupLease groupLease;
    private volatile Runnable groupLeaseChanged;
    private volatile Runnable backendArrived;
    private volatile Runnable listenerArrived;
    private volatile Runnable checksChanged;

    @Activate
    public Plugins(BundleContext context) {
        this.context = context;
    }

    /** What to do when a backend or a listener arrives, or the health checks change; null for nothing. */
    void onChange(Runnable backendArrived, Runnable listenerArrived, Runnable checksChanged) {
        this.backendArrived = backendArrived;
        this.listenerArrived = listenerArrived;
        this.checksChanged = checksChanged;
    }

    /** What to do when the quorum service comes, goes or is replaced; null for nothing. */
    void onGroupLeaseChange(Runnable changed) {
        this.groupLeaseChanged = changed;
    }

    /** @return the quorum's leases, or null when none is bound */
    GroupLease groupLease() {
        return groupLease;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetGroupLease")
    void setGroupLease(GroupLease next) {
        groupLease = next;
        LOG.info("Quorum: {}", next.name());
        run(groupLeaseChanged);
    }

    void unsetGroupLease(GroupLease gone) {
        if (groupLease == gone) {
            groupLease = null;
            LOG.warn("Quorum {} left: groups are decided by the heartbeats alone", gone.name());
            run(groupLeaseChanged);
        }
    }

    /** The health checks that guard groups, with what their properties say. */
    List<CheckDefinition> checks() {
        List<CheckDefinition> checks = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, HealthCheck> entry : checkServices) {
            checks.add(CheckDefinition.of(entry.getKey(), entry.getValue(), LOG::warn));
        }
        return checks;
    }

    void checkBound(HealthCheck check) {
        run(checksChanged);
    }

    void checkUpdated(HealthCheck check) {
        run(checksChanged);
    }

    void checkUnbound(HealthCheck check) {
        run(checksChanged);
    }

    List<RankedAction> actions() {
        List<RankedAction> ranked = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, FailoverAction> entry : actionServices) {
            ranked.add(new RankedAction(entry.getValue(), ranking(entry.getKey().get(Constants.SERVICE_RANKING)),
                    bundleOf(entry.getKey().get(Constants.SERVICE_BUNDLEID))));
        }
        return ranked;
    }

    List<FailoverListener> listeners() {
        return listenerServices;
    }

    NetworkBackend backend() {
        return backend;
    }

    /** A notifier that comes a moment after the start still hears what happened at the start. */
    void listenerAdded(FailoverListener listener) {
        run(listenerArrived);
    }

    void listenerRemoved(FailoverListener listener) {
        // the field is all that changes
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetBackend")
    void setBackend(NetworkBackend next) {
        backend = next;
        LOG.info("Network backend: {}", next.name());
        run(backendArrived);
    }

    void unsetBackend(NetworkBackend gone) {
        if (backend == gone) {
            backend = null;
            LOG.warn("Network backend {} left: addresses stay as they are until another one comes", gone.name());
        }
    }

    private static void run(Runnable callback) {
        if (callback != null) {
            callback.run();
        }
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
}
