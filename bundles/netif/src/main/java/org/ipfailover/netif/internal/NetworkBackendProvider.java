package org.ipfailover.netif.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.threads.internal.Threads;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@link NetworkBackend} that suits this operating system and configuration. A
 * configuration that does not check out is reported and not used: at the start no backend is
 * offered, later the previous one stays. A change of configuration replaces the backend, which
 * keeps what its predecessor added.
 */
@Component(immediate = true, configurationPid = NetifConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetifConfig.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.ipfailover.api.NetworkBackend\"")
public class NetworkBackendProvider {
    static final String BACKEND_PROPERTY = "ipfailover.backend";
    static final String NAMESPACE_PROPERTY = "ipfailover.namespace";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkBackendProvider.class);

    private final BundleContext context;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("ipfailover-netif"));
    private final ProcessRunner processes = new ProcessRunner("ipfailover-netif-io");
    private NetifSettings settings;
    /** The backend inside {@link #offered}, stopped when it is withdrawn. */
    private OfferedBackend offeredBackend;
    private Reannouncer offered;
    private ServiceRegistration<NetworkBackend> registration;

    @Activate
    public NetworkBackendProvider(BundleContext context, NetifConfig config, Map<String, Object> properties) {
        this.context = context;
        NetifSettings checked = check(config, properties);
        if (checked == null) {
            LOG.warn("No network backend is offered until {} is fixed", ConfigurationCheck.sourceOf(properties));
            return;
        }
        offer(checked);
    }

    @Modified
    synchronized void modified(NetifConfig config, Map<String, Object> properties) {
        NetifSettings next = check(config, properties);
        if (next == null) {
            LOG.warn(settings == null ? "No network backend is offered until {} is fixed"
                    : "Network backend keeps its previous configuration until {} is fixed", ConfigurationCheck.sourceOf(properties));
            return;
        }
        if (!next.equals(settings)) {
            Set<Vip> acquired = withdraw();
            offer(next, acquired);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        withdraw();
        scheduler.shutdownNow();
        processes.close();
    }

    private static NetifSettings check(NetifConfig config, Map<String, Object> properties) {
        try {
            return NetifSettings.of(config, properties, System.getProperty("os.name"), LOG::error);
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }

    private synchronized void offer(NetifSettings next) {
        offer(next, Set.of());
    }

    private void offer(NetifSettings next, Set<Vip> acquiredBefore) {
        settings = next;
        if (next.backend() == null) {
            LOG.error("No network backend suits os.name \"{}\": set backend = netlink, iproute2 or ifconfig in {}",
                    System.getProperty("os.name"), NetifConfig.PID);
            return;
        }
        OfferedBackend backend = switch (next.backend()) {
            case Iproute2Backend.NAME -> new Iproute2Backend(next, scheduler, processes);
            case NetlinkBackend.NAME -> new NetlinkBackend(next, scheduler);
            default -> new IfconfigBackend(next, processes);
        };
        reportMissing(backend);
        scheduler.execute(backend::prepare);
        offeredBackend = backend;
        offered = new Reannouncer(backend, next.reannounce(), scheduler, acquiredBefore);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 0);
        properties.put(BACKEND_PROPERTY, backend.name());
        if (!next.namespace().isEmpty()) {
            properties.put(NAMESPACE_PROPERTY, next.namespace());
        }
        registration = context.registerService(NetworkBackend.class, offered, properties);
        LOG.info("Network backend {}{} offered", backend.name(),
                next.namespace().isEmpty() ? "" : " for network namespace " + next.namespace());
    }

    /** @return what the withdrawn backend had added */
    private Set<Vip> withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
            registration = null;
        }
        Set<Vip> acquired = Set.of();
        if (offered != null) {
            offered.close();
            acquired = offered.acquired();
            offered = null;
        }
        if (offeredBackend != null) {
            offeredBackend.close();
            offeredBackend = null;
        }
        return acquired;
    }

    /** One line at activation, rather than a surprise at the first failover. */
    private static void reportMissing(OfferedBackend backend) {
        String missing = missingTools(backend);
        if (missing != null && backend.tools().get(0).found()) {
            LOG.warn(missing);
        } else if (missing != null) {
            LOG.error(missing);
        }
    }

    /** @return a line naming the tools the backend lacks and what it cannot do without them, or null */
    static String missingTools(OfferedBackend backend) {
        List<Tool> missing = backend.tools().stream().filter(tool -> !tool.found()).toList();
        if (missing.isEmpty()) {
            return null;
        }
        String names = missing.stream().map(Tool::describe).collect(Collectors.joining(", "));
        return backend.tools().get(0).found()
                ? "Network backend " + backend.name() + " will add addresses but cannot announce them all: not installed: " + names
                : "Network backend " + backend.name() + " cannot work: not installed: " + names;
    }
}
