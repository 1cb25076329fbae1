package org.ipfailover.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover HTTP server",
        description = "Where the node serves /metrics (and its other pages): address, port, TLS, basic authentication. "
                + "conf/org.ipfailover.http.cfg")
@interface HttpConfig {
    String PID = "org.ipfailover.http";

    @AttributeDefinition(description = "The address to listen on: 127.0.0.1 (this host only), an address of this host, "
            + "or 0.0.0.0 (every IPv4 address).")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "The TCP port, 1 to 65535; -1: no HTTP server.", min = "-1", max = "65535")
    int port() default HttpSettings.DEFAULT_PORT;

    @AttributeDefinition(description = "A PKCS12 (or JKS) key store with the server's key and certificate: HTTPS instead of "
            + "HTTP. Relative to the home.")
    String keyStore() default "";

    @AttributeDefinition(description = "The file whose first line is the key store's password (mode 0600 or 0400). "
            + "Relative to the home.")
    String keyStorePasswordFile() default "";

    @AttributeDefinition(description = "The user that basic authentication asks for; empty: no authentication.")
    String username() default "";

    @AttributeDefinition(description = "The file whose first line is that user's password (mode 0600 or 0400). "
            + "Relative to the home.")
    String passwordFile() default "";
}
