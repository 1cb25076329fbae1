package org.ipfailover.checks.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.threads.internal.Threads;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** One {@code org.ipfailover.check.tcp} configuration: a health check that connects to a port. */
@Component(configurationPid = TcpCheckConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpCheckConfig.class, factory = true)
public class TcpCheck {
    private final BundleContext context;
    private final ExecutorService attempts = Executors.newCachedThreadPool(Threads.named("ipfailover-check-tcp"));
    private final CheckService service = new CheckService(TcpCheckConfig.FACTORY_PID, "tcp", TcpCheckConfig.class);

    @Activate
    public TcpCheck(BundleContext context, TcpCheckConfig config, Map<String, Object> properties) {
        this.context = context;
        configure(config, properties);
    }

    @Modified
    void configure(TcpCheckConfig config, Map<String, Object> properties) {
        service.configure(context, properties, (check, guarding) -> probe(attempts, config, properties, check, guarding));
    }

    @Deactivate
    void deactivate() {
        service.unregister();
        attempts.shutdownNow();
    }

    /** @param attempts connects; null where the probe is only checked (check-config) */
    static TcpProbe probe(ExecutorService attempts, TcpCheckConfig config, Map<String, ?> properties, ConfigurationCheck check,
            Guarding guarding) {
        String host = config.host().trim();
        check.check(!host.isEmpty(), "host", "is empty: name the host to connect to, e.g. 127.0.0.1");
        check.check(properties.get("port") != null, "port", "is missing: the port to connect to, 1 to 65535");
        check.check(properties.get("port") == null || config.port() >= 1 && config.port() <= 65535, "port",
                "value " + config.port() + " is not a port, 1 to 65535");
        return new TcpProbe(host, config.port(), Duration.ofMillis(guarding.timeout()), attempts);
    }
}
