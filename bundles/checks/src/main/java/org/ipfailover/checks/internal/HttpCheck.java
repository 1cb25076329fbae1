package org.ipfailover.checks.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
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

/** One {@code org.ipfailover.check.http} configuration: a health check that asks a URL. One HTTP client serves its requests. */
@Component(configurationPid = HttpCheckConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpCheckConfig.class, factory = true)
public class HttpCheck {
    private final BundleContext context;
    private final ExecutorService threads = Executors.newCachedThreadPool(Threads.named("ipfailover-check-http"));
    private final HttpClient client = HttpClient.newBuilder().executor(threads).version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final CheckService service = new CheckService(HttpCheckConfig.FACTORY_PID, "http", HttpCheckConfig.class);

    @Activate
    public HttpCheck(BundleContext context, HttpCheckConfig config, Map<String, Object> properties) {
        this.context = context;
        configure(config, properties);
    }

    @Modified
    void configure(HttpCheckConfig config, Map<String, Object> properties) {
        service.configure(context, properties, (check, guarding) -> probe(client, config, check, guarding));
    }

    @Deactivate
    void deactivate() {
        service.unregister();
        threads.shutdownNow();
    }

    /** @param client asks the URL; null where the probe is only checked (check-config) */
    static HttpProbe probe(HttpClient client, HttpCheckConfig config, ConfigurationCheck check, Guarding guarding) {
        URI url = url(config.url() == null ? "" : config.url().trim(), check);
        StatusRange expect = null;
        try {
            expect = StatusRange.parse(config.expect());
        } catch (IllegalArgumentException e) {
            check.problem("expect", e.getMessage());
        }
        return new HttpProbe(client, url, expect, Duration.ofMillis(guarding.timeout()));
    }

    private static URI url(String text, ConfigurationCheck check) {
        if (text.isEmpty()) {
            check.problem("url", "is missing: the address to ask, e.g. http://127.0.0.1:8080/health");
            return null;
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            check.check(scheme.equals("http") || scheme.equals("https"), "url", "\"" + text + "\" is not an http:// or https:// address");
            check.check(url.getHost() != null, "url", "\"" + text + "\" names no host");
            return url;
        } catch (URISyntaxException e) {
            check.problem("url", "\"" + text + "\" is not an address: " + e.getReason());
            return null;
        }
    }
}
