package org.ipfailover.http.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP server as {@code org.ipfailover.http} says, without a file its defaults
 * (http://127.0.0.1:9694). It configures Felix's Jetty through ConfigAdmin and answers the
 * {@link IpfailoverContext}'s question whether a request may pass. A configuration that does not
 * check out is reported and changes nothing: the server keeps its last good settings, or does not
 * start while it never had any.
 */
@Component(service = HttpServer.class, configurationPid = HttpConfig.PID, immediate = true)
@Designate(ocd = HttpConfig.class)
public class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private volatile HttpSettings settings;
    private volatile BasicAuth auth;

    @Activate
    public HttpServer(BundleContext context, @Reference ConfigurationAdmin configurations, HttpConfig config,
            Map<String, Object> properties) {
        this.context = context;
        this.configurations = configurations;
        configure(config, properties);
    }

    @Modified
    void configure(HttpConfig config, Map<String, Object> properties) {
        HttpSettings next;
        try {
            ConfigurationCheck check = ConfigurationCheck.of(properties).types(HttpConfig.class).orThrow(LOG::error);
            next = HttpSettings.of(config, properties, path -> NodeHome.resolve(context, path), check);
            check.orThrow(LOG::error);
        } catch (InvalidConfigurationException e) {
            HttpSettings kept = settings;
            LOG.warn("HTTP server keeps {}", kept != null ? kept.where() : "off until its configuration is fixed");
            return;
        }
        try {
            Configuration jetty = configurations.getConfiguration(JettyProperties.PID, "?");
            Dictionary<String, Object> wanted = JettyProperties.of(next);
            auth = next.username() != null ? new BasicAuth(next.username(), next.password()) : null;
            settings = next;
            if (jetty.updateIfDifferent(wanted)) {
                LOG.info("HTTP server: {}", next.where());
            }
            if (next.username() != null && !next.tls() && !isLoopback(next.address())) {
                LOG.warn("HTTP server: basic authentication over plain HTTP on {}: the password crosses the network in clear; "
                        + "set keyStore for HTTPS", next.address());
            }
        } catch (IOException e) {
            LOG.error("HTTP server: Felix's Jetty could not be configured ({}); it serves what it served before", e.toString());
        }
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @return whether the request may be served
     */
    boolean admits(String authorization) {
        BasicAuth current = auth;
        return current == null || current.accepts(authorization);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }
}
