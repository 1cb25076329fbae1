package org.ipfailover.api.config;

import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Offers a configured component's service only while its configuration checks out.
 *
 * <p>Declarative Services registers a component's service as soon as the component is satisfied;
 * a plugin whose file does not check out would then be bound as if it worked, and could only
 * refuse each call. A component declared with {@code service = {}} publishes itself instead:
 * {@link #publish} once its settings check out (again with each usable update, which replaces the
 * service properties, such as {@code service.ranking}), nothing while they never did, and
 * {@link #close} when it is deactivated. An update that does not check out leaves the service as
 * it was, with the settings it had.
 *
 * <pre>
 * &#64;Modified
 * void configure(EchoConfig config, Map&lt;String, Object&gt; properties) {
 *     EchoSettings next = check(config, properties);   // null: reported, not usable
 *     if (next != null) {
 *         settings = next;
 *         publication.publish(this, properties);
 *     }
 * }
 * </pre>
 *
 * @param <S> the service type
 */
public final class ServicePublication<S> implements AutoCloseable {
    /** Properties the framework sets itself, and that a registration must not carry. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of(Constants.OBJECTCLASS, Constants.SERVICE_ID, Constants.SERVICE_BUNDLEID,
            Constants.SERVICE_SCOPE);

    private final BundleContext context;
    private final Class<S> type;
    private S published;
    private ServiceRegistration<S> registration;

    /**
     * @param context the component's bundle context, which registers the service
     * @param type the type the service is registered under
     */
    public ServicePublication(BundleContext context, Class<S> type) {
        this.context = Objects.requireNonNull(context, "context");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Registers the service the first time; afterwards replaces its properties. The service object
     * must be the same each time.
     *
     * @param service the service object
     * @param properties the component's properties: all are registered but private ones (a key
     *        starting with a dot) and those the framework sets
     */
    public synchronized void publish(S service, Map<String, ?> properties) {
        if (published != null && published != service) {
            throw new IllegalStateException("already published with another service object: " + published);
        }
        Hashtable<String, Object> registered = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (value != null && !key.startsWith(".") && !FRAMEWORK_KEYS.contains(key)) {
                registered.put(key, value);
            }
        });
        if (registration == null) {
            registration = context.registerService(type, service, registered);
            published = service;
        } else {
            registration.setProperties(registered);
        }
    }

    /** @return whether the service is registered */
    public synchronized boolean isPublished() {
        return registration != null;
    }

    /** Unregisters the service, if it was registered; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with its bundle
            }
            registration = null;
        }
    }
}
