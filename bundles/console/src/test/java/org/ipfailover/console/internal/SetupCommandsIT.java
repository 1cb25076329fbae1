package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipfailover.api.config.NodeHome;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

/** config, keygen and import-hostconfig in a real Gogo session and through the control socket. */
class SetupCommandsIT extends GogoSuite {
    static final String KEY_CONTENT = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    @DetectorFixture.WebGroup
    @WithConfiguration(pid = ControlSocketServer.PID, location = "?", properties = {@Property(key = "commandTimeout", value = "61"),
            @Property(key = "comandTimeout", value = "5")})
    void configShowsEveryKeyWithValueDefaultAndMeaningAndMarksChanges() throws Exception {
        Path keyFile = dir.resolve("pair.key");
        Files.writeString(keyFile, KEY_CONTENT + "\n");
        try (DetectorFixture fixture = new DetectorFixture(context, configAdmin, dir, Map.of("keyFile", keyFile.toString()))) {
            fixture.awaitUp();
            Commands.Result config = Commands.gogo(processor, "failover:config");
            assertEquals(0, config.status(), config.text());
            String out = config.out();

            assertTrue(out.contains("org.ipfailover.node  (PID org.ipfailover.node; metatype from org.ipfailover.api)"),
                    ReadmeReferenceIT.NODE_DESIGNATION + "\n" + out);
            assertTrue(out.contains("ipfailover node: This node's identity, heartbeat networks and failure-detection timing."), out);
            assertRow(out, "* id", "pri", "(empty)", "This node's id, as the groups' node lists name it");
            assertRow(out, "  port", "1694", "1694", "UDP port heartbeats are sent to and received on.");
            assertRow(out, "* interval", "50", "100", "Milliseconds between two heartbeats on each network.");
            assertRow(out, "  auth", "hmac", "hmac", "hmac (default) or none.");
            assertRow(out, "* keyFile", keyFile.toString(), "conf/ipfailover.key", "File holding the shared heartbeat key");
            assertFalse(out.contains(KEY_CONTENT), "never the key itself");
            assertTrue(out.contains("org.ipfailover.group [web]  (PID org.ipfailover.group~web; factory, metatype from org.ipfailover.detector)"), out);
            assertRow(out, "* nodes", "pri, sec", "(empty)", "Node ids in priority order");
            assertRow(out, "  failback", "auto", "auto", "auto: a backup hands the group back");
            assertTrue(out.contains("org.ipfailover.action.shell [apple]"), out);
            assertRow(out, "* groups", "web", "*", "The groups this action serves");
            assertTrue(out.contains("org.ipfailover.action.volume  (factory, metatype from org.ipfailover.actions.volume)\n"
                    + "  ipfailover volume action"), out);
            assertTrue(out.contains("no configuration (one file per instance: conf/org.ipfailover.action.volume-<name>.cfg)"), out);
            assertRow(out, "* commandTimeout", "61", "60", "Seconds one command may run");
            assertRow(out, "? comandTimeout", "5", "-", "not a key of this PID: it has no effect (did you mean 'commandTimeout'?)");
        }
    }

    @Test
    void keygenWritesAKeyOnlyItsOwnerReadsAndRefusesToOverwriteIt() throws Exception {
        String relative = "conf/keygen-" + UUID.randomUUID() + ".key";
        Path key = NodeHome.resolve(context, relative);
        try {
            Commands.Result first = Commands.gogo(processor, "failover:keygen " + relative);
            assertEquals(0, first.status(), first.text());
            assertTrue(first.out().contains("wrote a new 256-bit heartbeat key to " + key), first.out());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            String content = Files.readString(key);
            assertTrue(content.matches("[0-9a-f]{64}\n"), content);
            assertFalse(first.out().contains(content.strip()), "the key is not printed");

            Commands.Result again = Commands.gogo(processor, "failover:keygen " + relative);
            assertEquals(1, again.status());
            assertTrue(again.err().contains("refusing to overwrite " + key), again.err());
            assertEquals(content, Files.readString(key));

            Commands.Result forced = Commands.gogo(processor, "failover:keygen --force " + relative);
            assertEquals(0, forced.status(), forced.text());
            assertNotEquals(content, Files.readString(key));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        } finally {
            Files.deleteIfExists(key);
        }
    }

    @Test
    void keygenThroughTheControlSocket() throws Exception {
        Path key = dir.resolve("ctl.key");
        Commands.Result result = Commands.ctl(socket(), "failover:keygen", key.toString());
        assertEquals(0, result.status(), result.text());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @Test
    void importHostconfigStagesForReviewAndAppliesOnlyWithTheKeyAndThisHostsInterfaces() throws Exception {
        Path hostconfig = dir.resolve("hostconfig");
        Files.writeString(hostconfig, HostconfigImportTest.BACKUP);
        Path scripts = Files.createDirectories(dir.resolve("IPFailover/100.0.0.10"));
        Files.writeString(scripts.resolve("Test"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(scripts.resolve("Test"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = NodeHome.resolve(context, "conf");
        Path key = conf.resolve("ipfailover.key");
        List<String> files = List.of("org.ipfailover.node.cfg", "org.ipfailover.group-failover.cfg",
                "org.ipfailover.action.shell-apple.cfg", "org.ipfailover.notify.mail-admin.cfg", "org.ipfailover.group-afp.cfg");
        cleanImport(conf, key, files); // left by a run that was killed
        try {
            Commands.Result imported = Commands.gogo(processor, "failover:import-hostconfig --interface en0=lo " + hostconfig + " "
                    + scripts.getParent());
            assertEquals(0, imported.status(), imported.text());
            String out = imported.out();
            Path staged = stagedFolder(out);
            assertTrue(out.lines().anyMatch(l -> l.equals("imported " + hostconfig + " (backup)")), out);
            assertEquals(NodeHome.resolve(context, "var"), staged.getParent(), "staged where FileInstall does not look");
            for (String file : files.subList(0, 4)) {
                assertTrue(out.contains(staged.resolve(file).toString()), out);
                assertTrue(Files.exists(staged.resolve(file)), file);
                assertTrue(Files.notExists(conf.resolve(file)), "nothing written into the watched conf/: " + file);
            }
            assertTrue(out.lines().anyMatch(l -> l.matches("FAILOVER_PEER_IP_PAIRS\\s+en0:100\\.0\\.0\\.10 en0:100\\.0\\.0\\.11/32\\s+"
                    + "group failover: nodes = primary, .*; vips = lo:100\\.0\\.0\\.10/24, lo:100\\.0\\.0\\.11/32")), out);
            assertTrue(out.contains("check before applying:"), out);
            assertTrue(out.contains("/24 was assumed"), out);
            assertTrue(out.contains("scripts in " + scripts + ": Test"), out);
            assertTrue(out.contains("not translated:\n  - FAILOVER_LEGACY_MODE=-YES-"), out);
            assertTrue(out.contains("  failover:import-hostconfig --apply " + staged + "\n"), out);

            Commands.Result withoutKey = Commands.ctl(socket(), "failover:import-hostconfig", "--apply", staged.toString());
            assertEquals(1, withoutKey.status(), withoutKey.text());
            assertTrue(withoutKey.err().contains("this node's key file " + key + " is missing"), withoutKey.err());
            assertTrue(Files.notExists(conf.resolve("org.ipfailover.node.cfg")));

            assertEquals(0, Commands.gogo(processor, "failover:keygen conf/ipfailover.key").status());
            Commands.Result applied = Commands.ctl(socket(), "failover:import-hostconfig", "--apply", staged.toString());
            assertEquals(0, applied.status(), applied.text());
            assertTrue(applied.out().contains("applied " + staged + ": the node reads these within a second\n"), applied.out());
            for (String file : files.subList(0, 4)) {
                assertTrue(Files.exists(conf.resolve(file)), file);
            }
            String group = Files.readString(conf.resolve("org.ipfailover.group-failover.cfg"));
            assertTrue(group.contains("vips = lo:100.0.0.10/24, lo:100.0.0.11/32\n"), group);

            assumeTrue(java.net.NetworkInterface.getByName("en0") == null, "this host has an en0");
            Commands.Result unmapped = Commands.ctl(socket(), "failover:import-hostconfig", "--group", "afp", hostconfig.toString());
            assertEquals(0, unmapped.status(), unmapped.text());
            assertTrue(unmapped.out().contains("INTERFACE en0: this host has no interface en0"), unmapped.out());
            Path second = stagedFolder(unmapped.out());
            assertTrue(Files.readString(second.resolve("org.ipfailover.group-afp.cfg")).contains("# FIXME: this host has no interface en0"));
            Commands.Result refused = Commands.gogo(processor, "failover:import-hostconfig --apply --force " + second);
            assertEquals(1, refused.status(), refused.text());
            assertTrue(refused.err().contains("names interface en0, which this host lacks"), refused.err());
            assertTrue(Files.notExists(conf.resolve("org.ipfailover.group-afp.cfg")));
        } finally {
            cleanImport(conf, key, files);
        }
    }

    private Path stagedFolder(String out) {
        return out.lines().filter(l -> l.startsWith("staged in "))
                .map(l -> Path.of(l.substring("staged in ".length(), l.indexOf(" for review")))).findFirst().orElseThrow(() -> new AssertionError("no staging folder in\n" + out));
    }

    private void cleanImport(Path conf, Path key, List<String> files) throws Exception {
        for (String file : files) {
            Files.deleteIfExists(conf.resolve(file));
        }
        Files.deleteIfExists(key);
        Path var = NodeHome.resolve(context, "var");
        if (Files.isDirectory(var)) {
            try (java.util.stream.Stream<Path> staged = Files.list(var)) {
                for (Path folder : staged.filter(f -> f.getFileName().toString().startsWith("import-")).toList()) {
                    try (java.util.stream.Stream<Path> inside = Files.list(folder)) {
                        for (Path file : inside.toList()) {
                            Files.delete(file);
                        }
                    }
                    Files.delete(folder);
                }
            }
        }
    }

    @Test
    void helpListsTheCommandsWithTheirDescriptions() {
        Commands.Result help = Commands.gogo(processor, "help");
        for (String command : List.of("failover:status", "failover:groups", "failover:actions", "failover:test", "failover:reclaim",
                "failover:config", "failover:keygen", "failover:importHostconfig")) {
            assertTrue(help.out().contains(command), command + " in " + help.out());
        }
        Commands.Result keygen = Commands.gogo(processor, "help failover:keygen");
        assertTrue(keygen.out().contains("write a new heartbeat key"), keygen.text());
        assertTrue(keygen.out().contains("--force"), keygen.text());
    }

    private Path socket() throws InterruptedException {
        Path socket = NodeHome.resolve(context, ControlSocketServer.DEFAULT_SOCKET);
        awaitTrue("the control socket", () -> Files.exists(socket));
        return socket;
    }

    private static void assertRow(String out, String key, String value, String fallback, String meaning) {
        assertTrue(out.lines().anyMatch(l -> l.startsWith(key + " ") && l.substring(key.length()).strip().startsWith(value + "  ")
                && l.contains("  " + fallback + "  ") && l.contains(meaning)), key + " = " + value + " (default " + fallback + ") in\n" + out);
    }
}
