package org.ipfailover.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;
import org.junit.jupiter.api.Test;

class GroupSettingsTest {
    static final Vip VIP = Vip.parse("eth0:198.51.100.10/24");

    @Test
    void anAddressWithoutAPrefixIsRefusedNotMadeAHostRoute() {
        ConfigurationCheck check = ConfigurationCheck.of(Map.of("felix.fileinstall.filename", "file:/x/conf/org.ipfailover.group-web.cfg"));
        GroupSettings.of(config("pri, sec", "eth0:198.51.100.10"), Map.of(), check);
        assertEquals(1, check.problems().size(), check.problems().toString());
        String problem = check.problems().get(0);
        assertTrue(problem.contains("'vips'") && problem.contains("eth0:198.51.100.10/24") && problem.contains("org.ipfailover.group-web.cfg"),
                problem);
    }

    @Test
    void theTrackedInterfacesAreTheAddressesOnesAndTheNamedOnes() {
        ConfigurationCheck check = ConfigurationCheck.of(Map.of());
        GroupSettings group = GroupSettings.of(config("pri, sec", "eth0:198.51.100.10/24, eth1:203.0.113.10/24", "uplink0 eth0"),
                Map.of(), check);
        assertEquals(List.of(), check.problems());
        assertEquals(java.util.Set.of("eth0", "eth1", "uplink0"), group.trackedDevices());
        GroupSettings.of(config("pri, sec", "eth0:198.51.100.10/24", "eth0:1"), Map.of(), check);
        assertEquals(1, check.problems().size(), check.problems().toString());
        assertTrue(check.problems().get(0).contains("'trackInterfaces'"), check.problems().get(0));
    }

    @Test
    void fingerprintsAgreeOnTheSameDefinitionAndNameWhatDiffers() {
        GroupSettings mine = settings(List.of("pri", "sec"), List.of(VIP), false);
        assertEquals(mine.fingerprint(), settings(List.of("pri", "sec"), List.of(VIP), false).fingerprint());
        assertNotEquals(0, mine.fingerprint());
        assertEquals(List.of("nodes"), GroupSettings.differences(mine.fingerprint(),
                settings(List.of("sec", "pri"), List.of(VIP), false).fingerprint()));
        assertEquals(List.of("vips"), GroupSettings.differences(mine.fingerprint(),
                settings(List.of("pri", "sec"), List.of(Vip.parse("eth1:198.51.100.10/24")), false).fingerprint()));
        assertEquals(List.of("failback"), GroupSettings.differences(mine.fingerprint(),
                settings(List.of("pri", "sec"), List.of(VIP), true).fingerprint()));
    }

    private static GroupSettings settings(List<String> nodes, List<Vip> vips, boolean manual) {
        return new GroupSettings("web", nodes, vips, manual, 10_000, 5_000, true);
    }

    private static GroupConfig config(String nodes, String vips) {
        return config(nodes, vips, "");
    }

    private static GroupConfig config(String nodes, String vips, String tracked) {
        return new GroupConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GroupConfig.class;
            }

            @Override
            public String name() {
                return "web";
            }

            @Override
            public String[] nodes() {
                return new String[] {nodes};
            }

            @Override
            public String[] vips() {
                return new String[] {vips};
            }

            @Override
            public Failback failback() {
                return Failback.auto;
            }

            @Override
            public int failbackDelay() {
                return 10_000;
            }

            @Override
            public int retryDelay() {
                return 5_000;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public boolean trackLinks() {
                return true;
            }

            @Override
            public String[] trackInterfaces() {
                return new String[] {tracked};
            }
        };
    }
}
