package org.ipfailover.actions.volume.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.test.support.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The action on a real ext4 filesystem on a loop device: by label, by UUID, refusals, busy unmounts. */
class VolumeActionTest {
    @TempDir
    Path folder;

    LoopVolume volume;
    Path mountPoint;
    Process holder;
    Thread holderCleanup;

    @BeforeEach
    void setUp() throws Exception {
        volume = LoopVolume.create(folder);
        mountPoint = Files.createDirectory(folder.resolve("shared"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (holder != null) {
            holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(holderCleanup);
        }
        if (volume != null) {
            volume.close();
        }
    }

    @Test
    void mountsByLabelOnceAndUnmountsOnce() throws Exception {
        VolumeAction action = action(Map.of("volume", "LABEL=" + volume.label));

        ActionResult mounted = run(action, Phase.PRE_ACQUIRE);
        assertTrue(mounted.success(), mounted.toString());
        assertTrue(mounted.reason().startsWith("mounted LABEL=" + volume.label + " (" + volume.device + ") on "), mounted.reason());
        assertTrue(volume.mountedAt(mountPoint));
        Files.writeString(mountPoint.resolve("data"), "shared");

        ActionResult again = run(action, Phase.PRE_ACQUIRE);
        assertTrue(again.success() && again.reason().contains("was already mounted on"), again.toString());

        ActionResult unmounted = run(action, Phase.PRE_RELEASE);
        assertTrue(unmounted.success() && unmounted.reason().startsWith("unmounted LABEL="), unmounted.toString());
        assertFalse(volume.mountedAt(mountPoint));
        assertFalse(Files.exists(mountPoint.resolve("data")));

        ActionResult notMounted = run(action, Phase.PRE_RELEASE);
        assertTrue(notMounted.success() && notMounted.reason().contains("was not mounted"), notMounted.toString());
    }

    @Test
    void mountsByUuidWithTypeAndOptions() throws Exception {
        VolumeAction action = action(Map.of("volume", "UUID=" + volume.uuid.toUpperCase(), "type", "ext4", "options", "noatime,nodev"));

        ActionResult mounted = run(action, Phase.PRE_ACQUIRE);
        assertTrue(mounted.success(), mounted.toString());
        assertTrue(mounted.reason().contains("UUID=" + volume.uuid) && mounted.reason().contains("(ext4, noatime,nodev)"), mounted.reason());
        String options = Files.readAllLines(MountTable.MOUNTINFO).stream()
                .filter(l -> l.split(" ")[2].equals(volume.number)).findFirst().orElseThrow().split(" ")[5];
        assertTrue(options.contains("noatime") && options.contains("nodev"), options);

        assertTrue(run(action, Phase.PRE_RELEASE).success());
        assertFalse(volume.mountedAt(mountPoint));
    }

    @Test
    void refusesAVolumeMountedElsewhere() throws Exception {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        volume.mountAt(elsewhere);

        ActionResult refused = run(action(Map.of("volume", "LABEL=" + volume.label)), Phase.PRE_ACQUIRE);

        assertFalse(refused.success());
        assertTrue(refused.reason().contains("already mounted on " + elsewhere.toRealPath()), refused.reason());
        assertEquals(List.of(elsewhere.toRealPath()), volume.mountPoints());
    }

    @Test
    void refusesToMountOverAnotherFilesystemAndToUnmountIt() throws Exception {
        Thread cleanup = new Thread(() -> Exec.tryRun("umount", "-l", mountPoint.toString()));
        Exec.run("mount", "-t", "tmpfs", "-o", "size=1m", "ipfailover-test", mountPoint.toString());
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            VolumeAction action = action(Map.of("volume", volume.device.toString()));
            ActionResult mount = run(action, Phase.PRE_ACQUIRE);
            assertFalse(mount.success());
            assertTrue(mount.reason().contains("ipfailover-test on " + mountPoint.toRealPath() + " (tmpfs) is mounted there"), mount.reason());
            ActionResult unmount = run(action, Phase.PRE_RELEASE);
            assertFalse(unmount.success());
            assertTrue(unmount.reason().contains("refusing to unmount") && unmount.reason().contains("ipfailover-test"), unmount.reason());
        } finally {
            Exec.tryRun("umount", mountPoint.toString());
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    @Test
    void aBusyVolumeIsTriedAgainThenLeftMountedUnlessForcingIsAllowed() throws Exception {
        Map<String, String> busy = Map.of("volume", "LABEL=" + volume.label, "retries", "2", "retryInterval", "200");
        assertTrue(run(action(busy), Phase.PRE_ACQUIRE).success());
        holder = new ProcessBuilder("sleep", "300").directory(mountPoint.toFile()).start();
        holderCleanup = new Thread(holder::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(holderCleanup);

        long start = System.nanoTime();
        ActionResult kept = run(action(busy), Phase.PRE_RELEASE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(kept.success());
        assertTrue(kept.reason().contains("after 3 tries") && kept.reason().contains("busy"), kept.reason());
        assertTrue(kept.reason().contains("held by " + holder.pid() + " (sleep)"), kept.reason());
        assertTrue(kept.reason().endsWith("not forced (forceUnmount=false)"), kept.reason());
        assertTrue(millis >= 400, "two pauses of 200 ms, took " + millis);
        assertTrue(volume.mountedAt(mountPoint));

        Map<String, String> forced = new HashMap<>(busy);
        forced.put("forceUnmount", "true");
        ActionResult detached = run(action(forced), Phase.PRE_RELEASE);

        assertTrue(detached.success(), detached.toString());
        assertTrue(detached.reason().startsWith("forced the unmount of LABEL=" + volume.label), detached.reason());
        assertTrue(detached.reason().contains("after 3 tries"), detached.reason());
        assertFalse(volume.mountedAt(mountPoint));
    }

    @Test
    void aVolumeThatIsNotAttachedFailsTheMountWithItsName() throws Exception {
        ActionResult missing = run(action(Map.of("volume", "LABEL=nosuch" + volume.label)), Phase.PRE_ACQUIRE);
        assertFalse(missing.success());
        assertEquals("no block device with LABEL=nosuch" + volume.label + " is attached", missing.reason());
    }

    private VolumeAction action(Map<String, String> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.putIfAbsent("mountPoint", mountPoint.toString());
        properties.put("service.pid", "org.ipfailover.action.volume~test");
        return new VolumeAction(Configs.of(VolumeConfig.class, properties), properties);
    }

    static ActionResult run(VolumeAction action, Phase phase) throws Exception {
        return action.run(new ActionContext("web", phase, List.of(Vip.parse("eth0:198.51.100.10/24")), "pri", "sec", Duration.ofSeconds(20)));
    }
}
