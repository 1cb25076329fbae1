package org.ipfailover.console.internal;

import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Every ipfailover PID that a bundle designates in its metatype, with that bundle. The node's PID
 * is designated by the api bundle (the heartbeat and the detector share it), factory PIDs by the
 * bundles that use them.
 */
final class MetatypeIndex {
    static final String PREFIX = "org.ipfailover.";

    /**
     * @param bundle the designating bundle's symbolic name
     * @param owner the designating bundle, whose class loader knows the definition's annotation
     */
    record Designation(String pid, boolean factory, String bundle, ObjectClassDefinition definition, Bundle owner) {
    }

    private final Map<String, Designation> designations;

    private MetatypeIndex(Map<String, Designation> designations) {
        this.designations = designations;
    }

    static MetatypeIndex of(Bundle[] bundles, MetaTypeService metatype) {
        Map<String, Designation> designations = new TreeMap<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            add(designations, information, information.getPids(), false, bundle);
            add(designations, information, information.getFactoryPids(), true, bundle);
        }
        return new MetatypeIndex(designations);
    }

    private static void add(Map<String, Designation> designations, MetaTypeInformation information, String[] pids, boolean factory,
            Bundle bundle) {
        for (String pid : pids == null ? new String[0] : pids) {
            if (pid.startsWith(PREFIX)) {
                ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
                if (definition != null) {
                    designations.put(pid, new Designation(pid, factory, bundle.getSymbolicName(), definition, bundle));
                }
            }
        }
    }

    Map<String, Designation> designations() {
        return designations;
    }

    Designation get(String pid) {
        return designations.get(pid);
    }
}
