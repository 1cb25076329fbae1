package org.ipfailover.checks.internal;

import java.lang.annotation.Annotation;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.ipfailover.api.config.ConfigurationCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check configuration as a registered {@link HealthCheck}. The component registers it rather
 * than Declarative Services, so that its service properties can carry what DS cannot compute: the
 * check's name ({@code hc.name}), its groups as a list and its numbers as numbers. A configuration
 * that never checked out still registers the check, which then reports CRITICAL "not configured: …",
 * so that a group it was meant to guard is never silently unguarded; an update that does not check
 * out keeps the previous settings.
 */
final class CheckService implements HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CheckService.class);

    private final String factoryPid;
    private final String kind;
    private final Class<? extends Annotation> configType;
    private ServiceRegistration<HealthCheck> registration;
    private volatile Probe probe;
    /** Why the configuration never checked out; what each run says while {@link #probe} is null. */
    private volatile String problems = "";

    /**
     * @param kind names the check in logs and, with the file's name, by default
     * @param configType the component's configuration annotation, whose types are checked
     */
    CheckService(String factoryPid, String kind, Class<? extends Annotation> configType) {
        this.factoryPid = factoryPid;
        this.kind = kind;
        this.configType = configType;
    }

    /**
     * Takes a configuration, and registers the check the first time.
     *
     * @param probes makes the probe of a configuration whose types convert, with its timeout; records its problems in the check
     */
    synchronized void configure(BundleContext context, Map<String, ?> properties,
            BiFunction<ConfigurationCheck, Guarding, Probe> probes) {
        Parsed result = parse(properties, factoryPid, kind, configType, probes);
        ConfigurationCheck check = result.check();
        Guarding guarding = result.guarding();
        Probe parsed = result.probe();
        if (check.problems().isEmpty()) {
            probe = parsed;
            register(context, guarding.serviceProperties(properties));
            return;
        }
        check.problems().forEach(LOG::error);
        if (probe != null) {
            LOG.warn("Check {} keeps its previous configuration", guarding.name());
        } else {
            problems = String.join("; ", check.problems());
            LOG.warn("Check {} from {} reports CRITICAL until its configuration is fixed", guarding.name(), check.source());
            register(context, guarding.serviceProperties(properties));
        }
    }

    /** A configuration read: its problems, what it guards, and its probe when its types convert. */
    record Parsed(ConfigurationCheck check, Guarding guarding, Probe probe) {
    }

    /** What {@link #configure} reads of a configuration; also {@code ipfailover check-config}'s rules ({@link ChecksRules}). */
    static Parsed parse(Map<String, ?> properties, String factoryPid, String kind, Class<? extends Annotation> configType,
            BiFunction<ConfigurationCheck, Guarding, Probe> probes) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(configType);
        boolean typesConvert = check.problems().isEmpty();
        Guarding guarding = Guarding.of(properties, factoryPid, kind, check);
        return new Parsed(check, guarding, typesConvert ? probes.apply(check, guarding) : null);
    }

    synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped first
            }
            registration = null;
        }
    }

    @Override
    public Result execute() {
        Probe current = probe;
        if (current == null) {
            return new Result(Result.Status.CRITICAL, "not configured: " + problems);
        }
        try {
            return current.probe();
        } catch (RuntimeException e) {
            return new Result(Result.Status.CRITICAL, kind + " check failed: " + e, e);
        }
    }

    private void register(BundleContext context, Hashtable<String, Object> serviceProperties) {
        if (registration == null) {
            registration = context.registerService(HealthCheck.class, this, serviceProperties);
        } else {
            registration.setProperties(serviceProperties);
        }
    }
}
