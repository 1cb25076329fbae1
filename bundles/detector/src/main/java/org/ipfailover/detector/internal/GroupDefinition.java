package org.ipfailover.detector.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.ipfailover.group} configuration, offered to the detector as a service. A
 * configuration that does not check out is reported and not used; an update that does not check
 * out leaves the previous settings in place.
 */
@Component(service = GroupDefinition.class, configurationPid = GroupConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GroupConfig.class, factory = true)
public class GroupDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(GroupDefinition.class);
    /** How long the backend may take to say whether an interface exists. */
    private static final long INTERFACE_CHECK_MILLIS = 2_000;

    /**
     * To refuse addresses on interfaces this host lacks; while there is none, nothing can be checked.
     * Dynamic: a backend that comes or goes must not re-create the group (that would release it).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile NetworkBackend backend;

    private volatile GroupSettings settings;

    @Activate
    public GroupDefinition(GroupConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    /** A configuration that does not check out leaves the settings as they are: the previous ones, or none. */
    @Modified
    void configure(GroupConfig config, Map<String, Object> properties) {
        GroupSettings next = check(config, properties);
        if (next != null) {
            settings = next;
        } else if (settings != null) {
            LOG.warn("Group {} keeps its previous configuration", settings.name());
        } else {
            LOG.warn("Group from {} is not used until its configuration is fixed", ConfigurationCheck.sourceOf(properties));
        }
    }

    /** @return the settings, or null while the configuration has never checked out */
    GroupSettings settings() {
        return settings;
    }

    private GroupSettings check(GroupConfig config, Map<String, Object> properties) {
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(GroupConfig.class).orThrow(LOG::error);
            GroupSettings parsed = GroupSettings.of(config, properties, check);
            check.orThrow(LOG::error);
            checkInterfaces(parsed, check);
            check.orThrow(LOG::error);
            return parsed;
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }

    /** A typo in an interface name must not take a working address off its interface. */
    private void checkInterfaces(GroupSettings parsed, ConfigurationCheck check) {
        NetworkBackend current = backend;
        if (current == null) {
            return;
        }
        for (Vip vip : parsed.vips()) {
            if (!hasInterface(current, vip.device())) {
                check.problem("vips", vip + " names interface " + vip.device() + ", which this host does not have"
                        + HostInterfaces.hint());
            }
        }
    }

    private static boolean hasInterface(NetworkBackend backend, String device) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return backend.hasInterface(device);
                } catch (BackendException e) {
                    throw new CompletionException(e);
                }
            }).get(INTERFACE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Cannot tell whether interface {} exists ({}): not checked", device, e.toString());
            return true;
        }
    }
}
