package org.ipfailover.detector.internal;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.ipfailover.threads.internal.Threads;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, links and initialises every class of the bundles a takeover runs through (the
 * detector's and the network backend's), once per bundle class loader, on a thread of its own
 * soon after the node starts. Otherwise a node's first takeover or hand-back also parses and
 * verifies them: Felix's bundle class loaders are outside the JVM's class-data sharing, and a
 * primary that was just restarted is handed its groups back within seconds. A class that cannot be
 * loaded here is left to fail, or not, where it is used.
 */
final class ClassWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ClassWarmup.class);
    /** Bundle class loaders already warmed (weak: an updated bundle's loader goes with it). */
    private static final Map<ClassLoader, Boolean> WARMED = new WeakHashMap<>();

    private ClassWarmup() {
    }

    /** Warms the bundles of the classes given, those not warmed yet, in the background. */
    static void warm(Class<?>... anchors) {
        List<Class<?>> todo = new ArrayList<>();
        synchronized (WARMED) {
            for (Class<?> anchor : anchors) {
                ClassLoader loader = anchor.getClassLoader();
                if (loader != null && FrameworkUtil.getBundle(anchor) != null && WARMED.putIfAbsent(loader, Boolean.TRUE) == null) {
                    todo.add(anchor);
                }
            }
        }
        if (!todo.isEmpty()) {
            Threads.daemon("ipfailover-warmup", () -> todo.forEach(ClassWarmup::warmBundleOf)).start();
        }
    }

    private static void warmBundleOf(Class<?> anchor) {
        Bundle bundle = FrameworkUtil.getBundle(anchor);
        Enumeration<URL> entries = bundle == null ? null : bundle.findEntries("/", "*.class", true);
        if (entries == null) {
            return;
        }
        long started = System.nanoTime();
        int loaded = 0;
        while (entries.hasMoreElements()) {
            String path = entries.nextElement().getPath();
            String name = path.substring(path.startsWith("/") ? 1 : 0, path.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("module-info") || name.endsWith("package-info") || name.startsWith("META-INF")) {
                continue;
            }
            try {
                Class.forName(name, true, anchor.getClassLoader());
                loaded++;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                LOG.debug("Warm-up of {}: {} not loaded: {}", bundle.getSymbolicName(), name, e.toString());
            }
        }
        LOG.debug("Warm-up of {}: {} classes in {} ms", bundle.getSymbolicName(), loaded, (System.nanoTime() - started) / 1_000_000L);
    }
}
