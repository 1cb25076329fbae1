package org.ipfailover.http.internal;

import java.util.Dictionary;
import java.util.Hashtable;

/**
 * The configuration of Felix's Jetty ({@value #PID}) that serves what {@link HttpSettings} say.
 * Felix's Jetty reads it from ConfigAdmin; node.bndrun tells it to wait for it
 * ({@code org.apache.felix.http.require.config}), so that it never listens on its own default port.
 */
final class JettyProperties {
    static final String PID = "org.apache.felix.http";

    private JettyProperties() {
    }

    static Dictionary<String, Object> of(HttpSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("org.apache.felix.http.name", "ipfailover");
        properties.put("org.apache.felix.http.jetty.sendServerHeader", false);
        properties.put("org.apache.felix.http.mbeans", false);
        properties.put("org.apache.felix.http.host", settings.address());
        boolean http = settings.enabled() && !settings.tls();
        boolean https = settings.enabled() && settings.tls();
        properties.put("org.apache.felix.http.enable", http);
        properties.put("org.apache.felix.https.enable", https);
        if (http) {
            properties.put("org.osgi.service.http.port", settings.port());
        }
        if (https) {
            properties.put("org.osgi.service.http.port.secure", settings.port());
            properties.put("org.apache.felix.https.keystore", settings.keyStore().toString());
            properties.put("org.apache.felix.https.keystore.type",
                    settings.keyStore().getFileName().toString().toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12");
            properties.put("org.apache.felix.https.keystore.password", settings.keyStorePassword());
            properties.put("org.apache.felix.https.keystore.key.password", settings.keyStorePassword());
        }
        return properties;
    }
}
