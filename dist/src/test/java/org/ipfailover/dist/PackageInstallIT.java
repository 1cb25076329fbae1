package org.ipfailover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages the build made, installed as an operator installs them, into folders of this test only: the
 * .deb unpacked into a scratch root with its maintainer scripts run for that root (DPKG_ROOT, as
 * {@code dpkg --root} sets it), and installed, installed again and purged by {@code dpkg --root} with a
 * scratch database (as root); the tarball unpacked. From each, {@code check-config}, the node and
 * {@code ipfailover ctl} run from the installed launcher; nothing of this machine's /etc, /var, /usr or
 * systemd is touched.
 */
class PackageInstallIT {
    static final Path PACKAGES = Path.of(System.getProperty("ipfailover.packages", "target"));
    static final String VERSION = System.getProperty("ipfailover.version", "");

    @TempDir
    Path scratch;

    @Test
    void debControlDependsAndConffiles() throws Exception {
        Path deb = deb();
        assertEquals("ipfailover", field(deb, "Package"));
        assertEquals("all", field(deb, "Architecture"));
        assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless, iproute2", field(deb, "Depends"));
        assertEquals("iputils-arping", field(deb, "Recommends"));

        Path root = unpack(deb);
        Path control = scratch.resolve("control");
        Command.ok("dpkg-deb", "--control", deb.toString(), control.toString());
        Set<String> conffiles = new TreeSet<>(Files.readAllLines(control.resolve("conffiles")));
        Set<String> underEtc;
        try (Stream<Path> files = Files.walk(root.resolve("etc/ipfailover"))) {
            underEtc = files.filter(Files::isRegularFile).map(f -> "/" + root.relativize(f)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(underEtc, conffiles, "every file under /etc/ipfailover is a conffile, and only those");
        assertTrue(conffiles.containsAll(List.of("/etc/ipfailover/logback.xml", "/etc/ipfailover/org.ipfailover.node.cfg.example")),
                conffiles.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
        }
    }

    @Test
    void debLayout() throws Exception {
        Path root = unpack(deb());
        Path program = root.resolve("usr/share/ipfailover");
        assertTrue(Files.isExecutable(program.resolve("bin/ipfailover")));
        for (String file : List.of("lib/node.jar", "lib/ipfailover-ctl.jar", "conf/logback.xml", "conf/logback-json.xml",
                "conf/logback-syslog.xml")) {
            assertTrue(Files.isRegularFile(program.resolve(file)), file);
        }
        assertEquals(Path.of("../share/ipfailover/bin/ipfailover"), Files.readSymbolicLink(root.resolve("usr/bin/ipfailover")));
        assertEquals(root.resolve("etc/ipfailover").toRealPath(), root.resolve("var/lib/ipfailover/conf").toRealPath());
        assertEquals(root.resolve("var/log/ipfailover").toRealPath(), root.resolve("var/lib/ipfailover/log").toRealPath());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/ipfailover"))));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man1/ipfailover.1.gz")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/ipfailover/running.md")));

        List<String> unit = Files.readAllLines(root.resolve("usr/lib/systemd/system/ipfailover.service"));
        assertTrue(unit.contains("ExecStartPre=/usr/bin/ipfailover check-config"), unit.toString());
        assertTrue(unit.contains("ExecStart=/usr/bin/ipfailover --daemon"), unit.toString());
        assertTrue(unit.contains("Environment=IPFAILOVER_HOME=/var/lib/ipfailover"), unit.toString());
        assertFalse(unit.stream().anyMatch(line -> line.contains("/opt/") || line.contains("run/")), unit.toString());
    }

    @Test
    void debMaintainerScriptsIdempotentAndPurgeRemovesState() throws Exception {
        Path root = unpack(deb());
        Path control = scratch.resolve("control");
        Command.ok("dpkg-deb", "--control", deb().toString(), control.toString());
        // as a first install that finds none of the package's folders yet
        deleteTree(root.resolve("var/log/ipfailover"));
        deleteTree(root.resolve("var/lib/ipfailover/var"));

        script(control, root, "postinst", "configure");
        String first = listing(root);
        for (String folder : List.of("var/lib/ipfailover", "var/lib/ipfailover/var", "var/lib/ipfailover/plugins", "var/log/ipfailover")) {
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(folder))), folder);
        }
        script(control, root, "postinst", "configure", "0.0.1");
        assertEquals(first, listing(root), "postinst twice: the same root");

        Files.writeString(root.resolve("var/log/ipfailover/ipfailover.log"), "a line\n");
        Files.writeString(root.resolve("etc/ipfailover/org.ipfailover.node.cfg"), "id = mine\n");
        script(control, root, "prerm", "remove");
        script(control, root, "postrm", "remove");
        assertTrue(Files.exists(root.resolve("var/log/ipfailover/ipfailover.log")), "remove keeps the logs");
        script(control, root, "postrm", "purge");
        script(control, root, "postrm", "purge");
        assertFalse(Files.exists(root.resolve("var/lib/ipfailover"), LinkOption.NOFOLLOW_LINKS), "purge removes the state");
        assertFalse(Files.exists(root.resolve("var/log/ipfailover"), LinkOption.NOFOLLOW_LINKS), "purge removes the logs");
        assertTrue(Files.exists(root.resolve("etc/ipfailover/org.ipfailover.node.cfg")), "the operator's files stay");
    }

    @Test
    void debInstalledUpgradedAndPurgedByDpkgInAScratchRoot() throws Exception {
        Needs.root("dpkg installs the package's files owned by root");
        Path deb = deb();
        Path root = scratch.resolve("root");
        Path admin = root.resolve("var/lib/dpkg");
        Files.createDirectories(admin.resolve("updates"));
        Files.createDirectories(admin.resolve("info"));
        Files.createFile(admin.resolve("status"));
        // chrootless: the maintainer scripts run here with DPKG_ROOT set, the only root they touch
        List<String> dpkg = List.of("dpkg", "--root=" + root, "--admindir=" + admin, "--log=" + scratch.resolve("dpkg.log"),
                "--force-script-chrootless", "--force-depends");

        dpkgOk(dpkg, "--install", deb.toString());
        assertEquals("install ok installed", dpkgOk(List.of("dpkg-query", "--admindir=" + admin, "--show", "--showformat=${Status}",
                "ipfailover")));
        assertTrue(Files.isDirectory(root.resolve("var/lib/ipfailover/var")) && Files.isDirectory(root.resolve("var/log/ipfailover")));
        Files.writeString(root.resolve("etc/ipfailover/logback.xml"), "<configuration/>\n");
        Files.writeString(root.resolve("etc/ipfailover/org.ipfailover.node.cfg"), "id = mine\n");
        String installed = listing(root.resolve("var/lib/ipfailover"));

        dpkgOk(dpkg, "--force-confold", "--install", deb.toString());
        assertEquals(installed, listing(root.resolve("var/lib/ipfailover")), "installed again: the same home");
        assertEquals("<configuration/>\n", Files.readString(root.resolve("etc/ipfailover/logback.xml")), "an edited conffile stays");

        dpkgOk(dpkg, "--purge", "ipfailover");
        assertFalse(Files.exists(root.resolve("usr/share/ipfailover")), "the program is gone");
        assertFalse(Files.exists(root.resolve("var/lib/ipfailover"), LinkOption.NOFOLLOW_LINKS), "purge removes the state");
        assertFalse(Files.exists(root.resolve("var/log/ipfailover"), LinkOption.NOFOLLOW_LINKS), "purge removes the logs");
        assertFalse(Files.exists(root.resolve("etc/ipfailover/logback.xml")), "purge removes the conffiles");
        assertTrue(Files.exists(root.resolve("etc/ipfailover/org.ipfailover.node.cfg")), "the operator's files stay");
    }

    private static String dpkgOk(List<String> dpkg, String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(dpkg.stream(), Stream.of(args)).toList();
        Command result = Command.run(command, Map.of());
        assertEquals(0, result.status(), String.join(" ", command) + ": " + result.out());
        return result.out();
    }

    @Test
    void debNodeAndCtlRunFromTheInstalledLauncher() throws Exception {
        Path root = unpack(deb());
        Path control = scratch.resolve("control");
        Command.ok("dpkg-deb", "--control", deb().toString(), control.toString());
        script(control, root, "postinst", "configure");
        Path launcher = root.resolve("usr/bin/ipfailover");

        InstalledNode.configure(root.resolve("etc/ipfailover"), "pkg");
        Command check = Command.run(List.of(launcher.toString(), "check-config"), Map.of());
        assertEquals(new Command(0, "conf OK (1 files)\n"), check);

        Path home = root.resolve("var/lib/ipfailover");
        try (InstalledNode node = InstalledNode.start(launcher, home.resolve("var/ipfailover.sock"), scratch.resolve("console.out"))) {
            Command status = status(launcher);
            assertTrue(status.out().startsWith("node pkg "), status.out());
            assertEquals(0, node.terminate(), node.console().toString());
        }
        assertTrue(Files.readString(root.resolve("var/log/ipfailover/ipfailover.log")).contains("Node stopped"),
                "the node's log is in /var/log/ipfailover");
    }

    @Test
    void tarballLayoutNodeAndCtl() throws Exception {
        Path tarball = PACKAGES.resolve("ipfailover-" + VERSION + ".tar.gz");
        Command.ok("tar", "-xzf", tarball.toString(), "-C", scratch.toString());
        Path dist = scratch.resolve("ipfailover-" + VERSION);
        try (Stream<Path> top = Files.list(scratch)) {
            assertEquals(List.of(dist), top.toList(), "one folder, named after the version");
        }
        assertTrue(Files.isExecutable(dist.resolve("bin/ipfailover")));
        for (String file : List.of("lib/node.jar", "lib/ipfailover-ctl.jar", "conf/logback.xml", "conf/logback-json.xml",
                "conf/logback-syslog.xml", "conf/org.ipfailover.node.cfg.example", "conf/org.ipfailover.group-web.cfg.example",
                "plugins/README", "launchd/org.ipfailover.node.plist", "docs/README.md", "docs/running.md", "man/ipfailover.1")) {
            assertTrue(Files.isRegularFile(dist.resolve(file)), file);
        }
        List<String> unit = Files.readAllLines(dist.resolve("systemd/ipfailover.service"));
        assertTrue(unit.contains("ExecStart=/opt/ipfailover/bin/ipfailover --daemon"), unit.toString());
        assertTrue(Files.readString(dist.resolve("launchd/org.ipfailover.node.plist")).contains("<string>/usr/local/ipfailover/bin/ipfailover</string>"));

        Path launcher = dist.resolve("bin/ipfailover");
        assertEquals(new Command(0, "conf OK (0 files)\n"), Command.run(List.of(launcher.toString(), "check-config"), Map.of()),
                "the commented examples are no configuration");
        InstalledNode.configure(dist.resolve("conf"), "tar");
        try (InstalledNode node = InstalledNode.start(launcher, dist.resolve("var/ipfailover.sock"), scratch.resolve("console.out"))) {
            Command status = status(launcher);
            assertTrue(status.out().startsWith("node tar "), status.out());
            assertEquals(0, node.terminate(), node.console().toString());
        }
        assertTrue(Files.readString(dist.resolve("log/ipfailover.log")).contains("Node stopped"), "the node's log is in the unpacked folder");
    }

    /** @return the first {@code ctl failover:status} that succeeds: the node reads its conf/ once its socket is open */
    private static Command status(Path launcher) throws InterruptedException {
        return Await.awaitValue("ctl failover:status from " + launcher + " to succeed", InstalledNode.START_TIMEOUT,
                () -> Command.run(List.of(launcher.toString(), "ctl", "failover:status"), Map.of()), result -> result.status() == 0);
    }

    private Path deb() throws IOException {
        Needs.that(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "dpkg-deb"))),
                "dpkg-deb (package dpkg) is not installed: the .deb cannot be unpacked");
        try (Stream<Path> files = Files.list(PACKAGES)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("ipfailover_.+_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one package in " + PACKAGES + ": " + debs);
            return debs.get(0);
        }
    }

    private static String field(Path deb, String name) throws IOException, InterruptedException {
        return Command.ok("dpkg-deb", "--field", deb.toString(), name).strip();
    }

    private Path unpack(Path deb) throws IOException, InterruptedException {
        Path root = scratch.resolve("root");
        Command.ok("dpkg-deb", "--extract", deb.toString(), root.toString());
        return root;
    }

    /** Runs a maintainer script the way dpkg does for another root: DPKG_ROOT set, so it works on that root only. */
    private static void script(Path control, Path root, String name, String... args) throws IOException, InterruptedException {
        assertTrue(root.isAbsolute() && root.getNameCount() > 1, "a scratch root, never /: " + root);
        List<String> command = Stream.concat(Stream.of("sh", control.resolve(name).toString()), Stream.of(args)).toList();
        Command result = Command.run(command, Map.of("DPKG_ROOT", root.toString()));
        assertEquals(new Command(0, ""), result, name + " " + String.join(" ", args));
    }

    /** @return every path under the root with its type and mode, one a line */
    private static String listing(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted().map(p -> {
                try {
                    String type = Files.isSymbolicLink(p) ? "l " + Files.readSymbolicLink(p) : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "d" : "f";
                    return root.relativize(p) + " " + type + " "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
