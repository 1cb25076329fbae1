package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.test.support.Groups;
import org.ipfailover.test.support.Needs;
import org.ipfailover.test.support.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;

/**
 * The four action bundles in one framework, configured as .cfg files would configure them, around
 * a takeover and a release: a real ext4 volume on a loop device, a service command, an Apple
 * script folder and an AFP plist. The order across bundles is the one an administrator relies
 * on: mount, address, scripts, services, AFP key; and the reverse on release. It lives with the
 * console's tests, the framework where every bundle of the node is installed.
 *
 * <p>Group web is declared; the actions' and the node's configurations name the test's files, and
 * are deleted (the detector awaited) before the volume is unmounted.
 */
@WithFactoryConfiguration(factoryPid = "org.ipfailover.group", name = "web", location = "?", properties = {
        @Property(key = "nodes", value = "pri, sec"), @Property(key = "vips", value = "eth0:198.51.100.10/24")})
class ActionsAcrossBundlesIT {
    /** Mounting a real volume on a loaded machine may take a while. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path dir;

    Path mountPoint;
    Path trace;
    String loop;
    final List<Configuration> configurations = new ArrayList<>();
    final List<String> backendTrace = Collections.synchronizedList(new ArrayList<>());
    ServiceRegistration<NetworkBackend> backend;

    @BeforeEach
    void setUp() throws Exception {
        Needs.root("the actions mount a volume on a loop device");
        Needs.that(Files.exists(Path.of("/dev/loop-control")), "no loop devices (/dev/loop-control)");
        mountPoint = Files.createDirectories(dir.resolve("shared"));
        trace = dir.resolve("trace");
        Path image = dir.resolve("shared.img");
        run("truncate", "-s", "16M", image.toString());
        String label = "ipfo" + Long.toHexString(System.nanoTime() & 0xfffffff);
        run("mkfs.ext4", "-q", "-F", "-L", label, image.toString());
        loop = run("losetup", "--find", "--show", image.toString()).strip();

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("serveradmin"), """
                #!/bin/sh
                dir=$(dirname "$0")
                case $1 in
                start) echo "start $2 mounted=$(grep -c " %1$s " /proc/self/mounts)" >> %2$s; touch "$dir/$2.running"; echo "$2:state = \\"RUNNING\\"" ;;
                stop) echo "stop $2" >> %2$s; rm -f "$dir/$2.running"; echo "$2:state = \\"STOPPED\\"" ;;
                status) if [ -f "$dir/$2.running" ]; then echo "$2:state = \\"RUNNING\\""; else echo "$2:state = \\"STOPPED\\""; fi ;;
                esac
                """.formatted(mountPoint, trace));
        Path scripts = Files.createDirectories(dir.resolve("scripts/198.51.100.10"));
        Files.setPosixFilePermissions(scripts.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        script(scripts.resolve("PostAcq-1"), "#!/bin/sh\necho \"PostAcq-1 $IPFAILOVER_GROUP\" >> " + trace + "\n");
        script(scripts.resolve("PreRel-1"), "#!/bin/sh\necho \"PreRel-1 $IPFAILOVER_GROUP\" >> " + trace + "\n");
        Path plist = dir.resolve("com.apple.AppleFileServer.plist");
        Files.writeString(plist, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>guestAccess</key>
                \t<true/>
                \t<key>reconnectKeyLocation</key>
                \t<string>/private/etc/AFP.conf</string>
                </dict>
                </plist>
                """);

        backend = context.registerService(NetworkBackend.class,
                new RecordingBackend(backendTrace).noting(() -> "mounted=" + mountedQuietly()), null);
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.action.volume", "shared", "?"), Map.of(
                "volume", "LABEL=" + label, "mountPoint", mountPoint.toString(), "type", "ext4"));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.action.shell", "apple", "?"), Map.of(
                "folder", dir.resolve("scripts").toString()));
        configure(configAdmin.getFactoryConfiguration("org.ipfailover.action.serveradmin", "web", "?"), Map.of(
                "services", "afp, smb", "command", bin.resolve("serveradmin").toString(), "startTimeout", "5"));
        configure(configAdmin.getConfiguration("org.ipfailover.action.afp", "?"), Map.of(
                "plist", plist.toString(), "reconnectKeyLocation", mountPoint.resolve("AFP.conf").toString(),
                "stateFile", dir.resolve("afp.state").toString()));
        awaitTrue("the four actions", TIMEOUT, () -> services("(objectClass=org.ipfailover.api.FailoverAction)") >= 4);
        configure(configAdmin.getConfiguration("org.ipfailover.node", "?"), Map.of("id", "pri", "networks",
                "public=127.0.0.1:9", "interval", "50", "deadTime", "200", "stateFolder", dir.resolve("var").toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        if (backend != null) {
            awaitTrue("the detector to stop", TIMEOUT, () -> context.getServiceReference(FailoverControl.class) == null);
            backend.unregister();
        }
        if (mountPoint != null && mounted()) {
            run("umount", mountPoint.toString());
        }
        if (loop != null) {
            run("losetup", "-d", loop);
        }
    }

    @Test
    void takeoverAndReleaseRunTheActionsInOrderAcrossBundles(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        DetectorFixture.heard(context);
        awaitState(control, GroupState.UP);
        assertEquals(List.of("volume:" + mountPoint, "shell:apple", "shell:apple", "serveradmin:web", "afp-reconnect-key"),
                names(event(control, FailoverEvent.Type.TAKEOVER)),
                "acquire: mount, PreAcq scripts, (the address), PostAcq scripts, services, AFP key");
        assertEquals(List.of("acquire eth0:198.51.100.10/24 mounted=true", "announce eth0:198.51.100.10/24 mounted=true"),
                List.copyOf(backendTrace),
                "the address is added once the volume is mounted");
        assertEquals(List.of("PostAcq-1 web", "start afp mounted=1", "start smb mounted=1"), Files.readAllLines(trace));
        assertTrue(Files.readString(dir.resolve("com.apple.AppleFileServer.plist")).contains(mountPoint.resolve("AFP.conf").toString()));

        Files.delete(trace);
        control.release("web");
        awaitState(control, GroupState.STANDBY);
        assertEquals(List.of("afp-reconnect-key", "serveradmin:web", "shell:apple", "volume:" + mountPoint, "shell:apple"),
                names(event(control, FailoverEvent.Type.RELEASE)), "release: the reverse, then (the address) and PostRel scripts");
        assertEquals(List.of("stop smb", "stop afp", "PreRel-1 web"), Files.readAllLines(trace));
        assertFalse(mounted(), "the volume is unmounted after the services stopped");
        assertTrue(Files.readString(dir.resolve("com.apple.AppleFileServer.plist")).contains("/private/etc/AFP.conf"));
    }

    @Test
    void anActionBundleThatStopsMidRunDropsOnlyThatAction(@InjectService(timeout = 10_000) FailoverControl control) throws Exception {
        DetectorFixture.heard(context);
        awaitState(control, GroupState.UP);
        Bundle serveradmin = Arrays.stream(context.getBundles())
                .filter(b -> "org.ipfailover.actions.serveradmin".equals(b.getSymbolicName())).findFirst().orElseThrow();
        serveradmin.stop();
        try {
            awaitTrue("serveradmin:web to leave the pipeline", () -> control.actions("web").stream()
                    .noneMatch(action -> action.name().equals("serveradmin:web")));
            assertEquals(GroupState.UP, Groups.state(control, "web"), "losing an action bundle never releases an address");
            assertTrue(backendTrace.stream().noneMatch(call -> call.startsWith("release")), backendTrace.toString());
            backendTrace.clear();
            control.release("web");
            awaitState(control, GroupState.STANDBY);
            assertEquals(List.of("afp-reconnect-key", "shell:apple", "volume:" + mountPoint, "shell:apple"),
                    names(event(control, FailoverEvent.Type.RELEASE)));
            assertEquals(List.of("release eth0:198.51.100.10/24 mounted=false"), List.copyOf(backendTrace),
                    "PRE_RELEASE unmounts before the address goes");
        } finally {
            serveradmin.start();
        }
    }

    private static List<String> names(FailoverEvent event) {
        return event.results().stream().map(ActionResult::action).toList();
    }

    private static FailoverEvent event(FailoverControl control, FailoverEvent.Type type) {
        List<FailoverEvent> history = control.history(50);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).type() == type) {
                FailoverEvent event = history.get(i);
                assertTrue(event.results().stream().allMatch(ActionResult::success), event.results().toString());
                return event;
            }
        }
        throw new AssertionError("no " + type + " event in " + history);
    }

    private boolean mounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(" " + mountPoint + " "));
    }

    private int services(String filter) {
        try {
            var references = context.getServiceReferences((String) null, filter);
            return references == null ? 0 : references.length;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private void configure(Configuration configuration, Map<String, String> values) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        configurations.add(0, configuration);
    }

    private static void awaitState(FailoverControl control, GroupState expected) throws InterruptedException {
        awaitValue("web to be " + expected, TIMEOUT, () -> Groups.state(control, "web"), expected::equals);
    }

    private boolean mountedQuietly() {
        try {
            return mounted();
        } catch (IOException e) {
            return false;
        }
    }
}
