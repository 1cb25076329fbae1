package org.ipfailover.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

class ApiExportsIT {
    @Test
    void exportsItsPackagesAtTheirDeclaredVersion() {
        Bundle api = FrameworkUtil.getBundle(ConfigurationCheck.class);
        assertEquals("org.ipfailover.api", api.getSymbolicName());
        assertEquals(Bundle.ACTIVE, api.getState());
        BundleRevision revision = api.adapt(BundleRevision.class);
        assertEquals(new Version(1, 5, 0), exported(revision, ConfigurationCheck.class.getPackageName()));
        assertEquals(new Version(2, 4, 0), exported(revision, "org.ipfailover.api"));
        assertEquals(new Version(1, 1, 0), exported(revision, "org.ipfailover.api.quorum"));
    }

    private static Version exported(BundleRevision revision, String name) {
        return revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE).stream()
                .filter(c -> name.equals(c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)))
                .map(BundleCapability::getAttributes).map(a -> (Version) a.get("version")).findFirst().orElseThrow();
    }
}
