package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.test.support.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration problems: one line each, naming the file and key; the node stays up and the action says why it cannot run. */
class VolumeConfigurationTest {
    static final String FILE = "/opt/ipfailover/conf/org.ipfailover.action.volume-data.cfg";

    @TempDir
    Path folder;

    @Test
    void unparsableValuesMakeEveryRunFailWithTheProblems() throws Exception {
        VolumeAction action = action(Map.of("volume", "UUID=not-a-uuid", "mountPoint", "srv/data", "options", "noatime, nodev"));

        ActionResult result = VolumeActionTest.run(action, Phase.PRE_ACQUIRE);

        assertFalse(result.success());
        assertTrue(result.reason().startsWith("not configured: "), result.reason());
        assertTrue(result.reason().contains(FILE + ": key 'volume': \"not-a-uuid\" is not a UUID"), result.reason());
        assertTrue(result.reason().contains(FILE + ": key 'mountPoint': \"srv/data\" is not an absolute path"), result.reason());
        assertTrue(result.reason().contains(FILE + ": key 'options':"), result.reason());
        assertEquals(OnFailure.ABORT, action.onFailure());
        assertEquals("volume:srv/data", action.name());
        assertTrue(action.appliesTo("any group"));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithoutTouchingTheOthers() throws Exception {
        VolumeAction action = action(Map.of("volume", "/dev/sdz9", "mountPoint", folder.toString(), "retries", "three"));
        ActionResult result = VolumeActionTest.run(action, Phase.PRE_RELEASE);
        assertEquals("not configured: " + FILE + ": key 'retries': value \"three\" is not an integer (expected int)", result.reason());
    }

    @Test
    void whatTheHostLacksIsReportedButDoesNotDisableTheAction() {
        ConfigurationCheck check = ConfigurationCheck.of(properties(Map.of()));
        ConfigurationCheck host = ConfigurationCheck.of(properties(Map.of()));
        Map<String, Object> values = Map.of("volume", "LABEL=data", "mountPoint", "/nonexistent/ipfailover", "type", "nosuchfs");

        VolumeSettings settings = VolumeSettings.of(Configs.of(VolumeConfig.class, values), check, host, false);

        assertEquals(List.of(), check.problems());
        assertEquals(List.of(
                FILE + ": key 'mountPoint': /nonexistent/ipfailover is not an existing folder: mounting will fail until it is created",
                FILE + ": key 'type': this host knows no filesystem type \"nosuchfs\" (not in /proc/filesystems, no kernel module, "
                        + "no mount.nosuchfs helper)"), host.problems());
        assertEquals("volume:/nonexistent/ipfailover", settings.name());
    }

    @Test
    void aDeviceThatIsNotThereFailsTheMountNotTheConfiguration() throws Exception {
        VolumeAction action = action(Map.of("volume", "/dev/ipfailover-nosuchdisk", "mountPoint", folder.toString(), "groups", "web,mail"));
        assertTrue(action.appliesTo("web"));
        assertFalse(action.appliesTo("files"));
        ActionResult result = VolumeActionTest.run(action, Phase.PRE_ACQUIRE);
        assertEquals("device /dev/ipfailover-nosuchdisk does not exist", result.reason());
    }

    @Test
    void retriesMustFitInTheTimeout() {
        ConfigurationCheck check = ConfigurationCheck.of(properties(Map.of()));
        VolumeSettings.of(Configs.of(VolumeConfig.class, Map.of("volume", "LABEL=data", "mountPoint", folder.toString(),
                "retries", "10", "retryInterval", "10000")), check, ConfigurationCheck.of(Map.of()), false);
        assertEquals(List.of(FILE + ": key 'timeout': 60000 ms leaves no time for 10 retries 10000 ms apart"), check.problems());
    }

    @Test
    void volumeSpecifications() {
        assertEquals(new VolumeSpec(VolumeSpec.Kind.UUID, "3e6be9de-8139-11d1-9106-a43f08d823a6"),
                VolumeSpec.parse("UUID=3E6BE9DE-8139-11D1-9106-A43F08D823A6", false));
        assertEquals(new VolumeSpec(VolumeSpec.Kind.UUID, "ABCD-0123"), VolumeSpec.parse("uuid=\"abcd-0123\"", false));
        assertEquals(new VolumeSpec(VolumeSpec.Kind.LABEL, "Shared Data"), VolumeSpec.parse("LABEL='Shared Data'", false));
        assertEquals(new VolumeSpec(VolumeSpec.Kind.DEVICE, "/dev/sdb1"), VolumeSpec.parse(" /dev/sdb1 ", false));
        assertEquals(new VolumeSpec(VolumeSpec.Kind.NAME, "Shared"), VolumeSpec.parse("Shared", true));
        assertEquals(VolumeSpec.Kind.UUID, VolumeSpec.parse("3e6be9de-8139-11d1-9106-a43f08d823a6", true).kind());
        assertThrows(IllegalArgumentException.class, () -> VolumeSpec.parse("Shared", false));
        assertThrows(IllegalArgumentException.class, () -> VolumeSpec.parse("UUID=3e6be9de-8139", false));
        assertThrows(IllegalArgumentException.class, () -> VolumeSpec.parse("LABEL=", false));
        assertThrows(IllegalArgumentException.class, () -> VolumeSpec.parse("  ", false));
        assertEquals("Shared\\x20Data", BlockDevices.udevEscape("Shared Data"));
    }

    private static VolumeAction action(Map<String, String> values) {
        Map<String, Object> properties = properties(values);
        return new VolumeAction(Configs.of(VolumeConfig.class, properties), properties);
    }

    private static Map<String, Object> properties(Map<String, ?> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.put(ConfigurationCheck.FILEINSTALL_FILENAME, "file:" + FILE);
        return properties;
    }
}
