package org.ipfailover.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

class ServicePublicationIT {
    /** A type of service nobody else in the framework registers. */
    interface Plugin {
        void run();
    }

    private final BundleContext context = FrameworkUtil.getBundle(ServicePublicationIT.class).getBundleContext();

    @Test
    void aServiceIsOfferedOnceItsSettingsCheckOutWithTheComponentsPublicPropertiesAndWithdrawnAtTheEnd() {
        Plugin action = () -> { };
        try (ServicePublication<Plugin> publication = new ServicePublication<>(context, Plugin.class)) {
            assertFalse(publication.isPublished());
            assertNull(context.getServiceReference(Plugin.class));

            publication.publish(action, Map.of("service.ranking", "275", ".password", "secret", "service.pid", "org.example.echo~a",
                    "service.id", 42L));
            ServiceReference<Plugin> reference = context.getServiceReference(Plugin.class);
            assertSame(action, context.getService(reference));
            assertEquals("275", reference.getProperty("service.ranking"));
            assertEquals("org.example.echo~a", reference.getProperty("service.pid"));
            assertNull(reference.getProperty(".password"));
            assertTrue((Long) reference.getProperty("service.id") != 42L);

            publication.publish(action, Map.of("service.ranking", 300));
            assertEquals(reference, context.getServiceReference(Plugin.class), "the same registration, updated");
            assertEquals(300, reference.getProperty("service.ranking"));
            assertThrows(IllegalStateException.class, () -> publication.publish(() -> { }, Map.of()));
            context.ungetService(reference);
        }
        assertNull(context.getServiceReference(Plugin.class));
    }
}
