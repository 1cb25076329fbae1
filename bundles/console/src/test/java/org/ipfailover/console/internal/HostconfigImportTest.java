package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostconfigImportTest {
    /** A backup's /etc/hostconfig as Mac OS X Server 10.4 left it, with the lines Apple's manual says to add. */
    static final String BACKUP = """
            ##
            # /etc/hostconfig
            ##
            # This file is maintained by the system control panels
            ##

            # Network configuration
            HOSTNAME=-AUTOMATIC-
            ROUTER=-AUTOMATIC-

            # Services
            AFPSERVER=-YES-
            AUTHSERVER=-NO-
            AUTOMOUNT=-YES-
            CUPS=-YES-
            IPFORWARDING=-NO-
            IPV6=-YES-
            MAILSERVER=-NO-
            NFSLOCKS=-AUTOMATIC-
            NISDOMAIN=-NO-
            TIMESYNC=-YES-
            QTSSERVER=-NO-
            SPOTLIGHT=-YES-
            WEBSERVER=-YES-
            SMBSERVER=-NO-
            DNSSERVER=-NO-
            CRASHREPORTER=-YES-
            COMPUTER_ROLE=-STANDALONE-

            # IP failover: this server backs up xserve1 (private 10.0.0.1, public 100.0.0.10)
            FAILOVER_PEER_IP="10.0.0.1"
            FAILOVER_PEER_IP_PAIRS="en0:100.0.0.10 en0:100.0.0.11/32"
            FAILOVER_EMAIL_RECIPIENT=admin@example.com
            FAILOVER_LEGACY_MODE=-YES-
            """;

    /** The primary's: it only sends heartbeats, on its private and public networks (Apple's example order). */
    static final String PRIMARY = """
            ##
            # /etc/hostconfig
            ##
            AFPSERVER=-YES-
            WEBSERVER=-YES-
            FAILOVER_BCAST_IPS="10.0.0.255 100.0.255.255"
            FAILOVER_EMAIL_RECIPIENT="admin@example.com"
            """;

    @TempDir
    Path dir;

    Path scripts;
    Path conf;

    @BeforeEach
    void appleScriptFolder() throws Exception {
        scripts = dir.resolve("IPFailover");
        conf = dir.resolve("home/conf");
        Path primary = Files.createDirectories(scripts.resolve("100.0.0.10"));
        for (String script : List.of("Test", "PreAcq-1-mount", "PostAcq-1-web", "PreRel-1-web", "PostRel-9-unmount")) {
            script(primary.resolve(script), "rwxr-xr-x");
        }
        script(primary.resolve("PostAcq-2-afp"), "rwxrwxr-x");
        Files.writeString(primary.resolve("README.txt"), "Apple's sample scripts\n");
        script(Files.createDirectories(scripts.resolve("100.0.0.11")).resolve("PostAcq-1-mail"), "rwxr-xr-x");
    }

    @Test
    void aBackupBecomesNodeGroupShellActionAndMailFiles() throws Exception {
        HostconfigImport.Plan plan = plan(BACKUP);
        List<Path> written = ConfFiles.write(plan.files(), conf, false);

        assertEquals(4, written.size());
        Properties node = read("org.ipfailover.node.cfg");
        assertEquals("xserve2", node.getProperty("id"));
        assertEquals("private=10.0.0.1", node.getProperty("networks"));
        assertEquals("conf/ipfailover.key", node.getProperty("keyFile"));
        Properties group = read("org.ipfailover.group-failover.cfg");
        assertEquals("primary, xserve2", group.getProperty("nodes"));
        assertEquals("en0:100.0.0.10/24, en0:100.0.0.11/32", group.getProperty("vips"));
        assertEquals("auto", group.getProperty("failback"));
        Properties shell = read("org.ipfailover.action.shell-apple.cfg");
        assertEquals(scripts.toString(), shell.getProperty("folder"));
        assertEquals("failover", shell.getProperty("groups"));
        Properties mail = read("org.ipfailover.notify.mail-admin.cfg");
        assertEquals("admin@example.com", mail.getProperty("to"));
        assertEquals("localhost", mail.getProperty("host"));
        assertEquals("ipfailover@xserve2", mail.getProperty("from"));
        for (Path file : written) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            assertTrue(Files.readString(file).startsWith("# Imported by failover:import-hostconfig from /etc/hostconfig"));
        }
    }

    @Test
    void saysWhatToCheckAndWhatItCouldNotTranslate() {
        HostconfigImport.Plan plan = plan(BACKUP);
        String checks = String.join("\n", plan.checks());

        assertTrue(checks.contains("/24 was assumed"), checks);
        assertTrue(checks.contains("Test, PreAcq-1-mount, PostAcq-1-web, PostAcq-2-afp, PreRel-1-web, PostRel-9-unmount"), checks);
        assertTrue(checks.contains("PostAcq-2-afp is writable by group or others"), checks);
        assertTrue(checks.contains("README.txt is not run"), checks);
        assertTrue(checks.contains(scripts.resolve("100.0.0.11") + " will NOT run"), checks);
        assertTrue(checks.contains("on the primary set id = primary"), checks);
        assertTrue(checks.contains("add the public network"), checks);
        assertTrue(checks.contains("failover:keygen"), checks);
        assertEquals(List.of("FAILOVER_LEGACY_MODE=-YES-: not a key Apple's IP Failover documents; no equivalent was written"),
                plan.untranslated());
        assertEquals(List.of("FAILOVER_PEER_IP", "FAILOVER_PEER_IP_PAIRS", "FAILOVER_EMAIL_RECIPIENT"),
                plan.translated().stream().map(HostconfigImport.Translation::key).toList());
        assertFalse(String.join("\n", plan.checks()).contains("AFPSERVER"), "unrelated keys are not reported");
    }

    @Test
    void aPrimaryBecomesTheNodeNamedPrimaryWithNetworksInOrderAndNoGroup() throws Exception {
        HostconfigImport.Plan plan = plan(PRIMARY);
        ConfFiles.write(plan.files(), conf, false);

        Properties node = read("org.ipfailover.node.cfg");
        assertEquals("primary", node.getProperty("id"));
        assertEquals("public=10.0.0.255; private=100.0.255.255", node.getProperty("networks"));
        assertTrue(Files.notExists(conf.resolve("org.ipfailover.group-failover.cfg")));
        assertTrue(Files.notExists(conf.resolve("org.ipfailover.action.shell-apple.cfg")));
        assertTrue(Files.exists(conf.resolve("org.ipfailover.notify.mail-admin.cfg")));
        String checks = String.join("\n", plan.checks());
        assertTrue(checks.contains("named in order"), checks);
        assertTrue(checks.contains("copy its conf/org.ipfailover.group-failover.cfg here"), checks);
        assertEquals("primary", plan.role());
    }

    @Test
    void aBackupThatAlsoBroadcastsNamesItsNetworksByWhatTheyHold() {
        HostconfigImport.Plan plan = plan("FAILOVER_BCAST_IPS=\"10.0.0.255 100.0.255.255\"\n" + "FAILOVER_PEER_IP=10.0.0.1\n"
                + "FAILOVER_PEER_IP_PAIRS=en0:100.0.0.10/16\n");
        String node = plan.files().get(0).content();
        assertTrue(node.contains("networks = private=10.0.0.255; public=100.0.255.255\n"), node);
        assertFalse(String.join("\n", plan.checks()).contains("named in order"));
        assertFalse(String.join("\n", plan.checks()).contains("/24 was assumed"));
    }

    @Test
    void refusesToOverwriteAndWritesNothingThen() throws Exception {
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("org.ipfailover.group-failover.cfg"), "nodes = a, b\n");
        HostconfigImport.Plan plan = plan(BACKUP);

        FileAlreadyExistsException refused = assertThrows(FileAlreadyExistsException.class, () -> ConfFiles.write(plan.files(), conf, false));

        assertTrue(refused.getFile().contains("org.ipfailover.group-failover.cfg"));
        assertTrue(Files.notExists(conf.resolve("org.ipfailover.node.cfg")));
        assertEquals("nodes = a, b\n", Files.readString(conf.resolve("org.ipfailover.group-failover.cfg")));
        ConfFiles.write(plan.files(), conf, true);
        assertEquals("primary, xserve2", read("org.ipfailover.group-failover.cfg").getProperty("nodes"));
    }

    @Test
    void aHostconfigWithoutFailoverKeysIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> plan("AFPSERVER=-YES-\nWEBSERVER=-YES-\n"));
        assertTrue(refused.getMessage().contains("nothing imported"), refused.getMessage());
    }

    @Test
    void badAddressesAreLeftOutAndSaid() {
        HostconfigImport.Plan plan = plan("FAILOVER_PEER_IP=10.0.0.1\nFAILOVER_PEER_IP_PAIRS=\"en0:100.0.0.300 100.0.0.12 en1:100.0.0.13\"\n");
        assertTrue(plan.files().get(1).content().contains("vips = en1:100.0.0.13/24\n"), plan.files().get(1).content());
        assertEquals(2, plan.untranslated().size(), plan.untranslated().toString());
    }

    @Test
    void mailRecipientsBecomeTheCommaSeparatedListTheNotifierReads() throws Exception {
        HostconfigImport.Plan plan = plan("FAILOVER_PEER_IP=10.0.0.1\nFAILOVER_PEER_IP_PAIRS=en0:100.0.0.10/16\n"
                + "FAILOVER_EMAIL_RECIPIENT=\"admin@example.com  ops@example.com,root\"\n");
        ConfFiles.write(plan.files(), conf, false);

        assertEquals("admin@example.com, ops@example.com, root", read("org.ipfailover.notify.mail-admin.cfg").getProperty("to"));
        assertTrue(plan.checks().contains("FAILOVER_EMAIL_RECIPIENT: root is not a mail address (user@host): fix to in "
                + "org.ipfailover.notify.mail-admin.cfg"), plan.checks().toString());
    }

    @Test
    void anInterfaceThisHostLacksIsMarkedFixmeAndReportedOnce() {
        HostconfigImport.Plan plan = new HostconfigImport(Hostconfig.parse(BACKUP), "/etc/hostconfig", scripts, "xserve2", "failover",
                Map.of(), "eth0"::equals).plan();

        String group = plan.files().get(1).content();
        assertTrue(group.contains("# FIXME: this host has no interface en0: put this host's interface in vips, or import again with "
                + "--interface en0=<interface>; --apply refuses until then\nvips = en0:100.0.0.10/24, en0:100.0.0.11/32\n"), group);
        List<String> interfaceLines = plan.checks().stream().filter(c -> c.startsWith("INTERFACE")).toList();
        assertEquals(List.of("INTERFACE en0: this host has no interface en0 (vips of org.ipfailover.group-failover.cfg): map it with "
                + "--interface en0=<this host's interface>, or edit vips in the staged file; --apply refuses until then"), interfaceLines);
    }

    @Test
    void mappedInterfacesAreWrittenUnderThisHostsNames() throws Exception {
        HostconfigImport.Plan plan = new HostconfigImport(Hostconfig.parse("FAILOVER_PEER_IP=10.0.0.1\n"
                + "FAILOVER_PEER_IP_PAIRS=\"en0:100.0.0.10/16 en1:100.0.1.10/16\"\n"), "/etc/hostconfig", scripts, "xserve2", "failover",
                Map.of("en0", "eth0", "en1", "eth1", "en5", "eth5"), Set.of("eth0", "eth1")::contains).plan();
        ConfFiles.write(plan.files(), conf, false);

        assertEquals("eth0:100.0.0.10/16, eth1:100.0.1.10/16", read("org.ipfailover.group-failover.cfg").getProperty("vips"));
        assertFalse(Files.readString(conf.resolve("org.ipfailover.group-failover.cfg")).contains("FIXME"));
        assertTrue(plan.translated().contains(new HostconfigImport.Translation("interface", "en0", "eth0 (--interface en0=eth0)")),
                plan.translated().toString());
        assertTrue(plan.untranslated().contains("--interface en5=eth5: no address of FAILOVER_PEER_IP_PAIRS is on en5; ignored"),
                plan.untranslated().toString());
    }

    @Test
    void anImportIsStagedOutsideTheWatchedConfFolderAndSaysHowToApplyIt() throws Exception {
        Path home = dir.resolve("home");
        HostconfigStaging staging = new HostconfigStaging(home::resolve, name -> true);
        HostconfigImport.Plan plan = plan(BACKUP);

        Path folder = staging.newFolder(java.time.Instant.parse("2026-12-03T07:45:00Z"));
        String report = HostconfigReport.render(Path.of("/etc/hostconfig"), plan, folder);
        HostconfigStaging.stage(plan, report, folder);

        assertEquals(home.resolve("var"), folder.getParent());
        assertTrue(folder.getFileName().toString().matches("import-\\d{8}-\\d{6}"), folder.toString());
        assertTrue(Files.notExists(home.resolve("conf")), "nothing in conf/");
        for (HostconfigImport.Output output : plan.files()) {
            assertTrue(Files.exists(folder.resolve(output.file())), output.file());
        }
        assertEquals(report, Files.readString(folder.resolve(HostconfigStaging.REPORT)));
        assertTrue(report.contains("staged in " + folder + " for review; nothing in conf/ has changed"), report);
        assertTrue(report.contains("\n  failover:import-hostconfig --apply " + folder + "\n"), report);
        assertTrue(report.contains("(from a shell: ipfailover ctl failover:import-hostconfig --apply " + folder + ")"), report);
        assertTrue(!staging.newFolder(java.time.Instant.parse("2026-12-03T07:45:00Z")).equals(folder), "a second import gets its own folder");
    }

    @Test
    void applyRefusesWithoutTheKeyFileOrWithAnInterfaceThisHostLacksThenMovesTheFilesIntoConf() throws Exception {
        Path home = dir.resolve("home");
        Set<String> interfaces = new java.util.HashSet<>(Set.of("eth0"));
        HostconfigStaging staging = new HostconfigStaging(home::resolve, interfaces::contains);
        HostconfigImport.Plan plan = new HostconfigImport(Hostconfig.parse(BACKUP), "/etc/hostconfig", scripts, "xserve2", "failover",
                Map.of(), interfaces::contains).plan();
        Path folder = staging.newFolder(java.time.Instant.now());
        HostconfigStaging.stage(plan, "report", folder);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> staging.apply(folder, false));
        assertTrue(refused.getMessage().startsWith("nothing applied from " + folder + ":\n"), refused.getMessage());
        assertTrue(refused.getMessage().contains("this node's key file " + home.resolve("conf/ipfailover.key") + " is missing: create it "
                + "with failover:keygen conf/ipfailover.key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("vips of org.ipfailover.group-failover.cfg names interface en0, which this host lacks"),
                refused.getMessage());
        assertTrue(Files.notExists(home.resolve("conf")), "nothing applied");

        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/ipfailover.key"), "00112233445566778899aabbccddeeff\n");
        refused = assertThrows(IllegalStateException.class, () -> staging.apply(folder, false));
        assertFalse(refused.getMessage().contains("key file"), refused.getMessage());
        assertTrue(refused.getMessage().contains("names interface en0"), refused.getMessage());

        interfaces.add("en0");
        List<Path> applied = staging.apply(folder, false);

        assertEquals(home.resolve("conf/org.ipfailover.node.cfg"), applied.get(applied.size() - 1), "the node's file last");
        assertEquals(List.of("ipfailover.key", "org.ipfailover.action.shell-apple.cfg", "org.ipfailover.group-failover.cfg",
                "org.ipfailover.node.cfg", "org.ipfailover.notify.mail-admin.cfg"), list(home.resolve("conf")));
        assertEquals(List.of(HostconfigStaging.REPORT), list(folder), "moved, not copied");
        String group = Files.readString(home.resolve("conf/org.ipfailover.group-failover.cfg"));
        assertFalse(group.contains("FIXME"), "a FIXME the check has settled does not go into conf/: " + group);
        assertTrue(group.contains("vips = en0:100.0.0.10/24, en0:100.0.0.11/32\n"), group);
    }

    @Test
    void applyReplacesNothingInConfWithoutForce() throws Exception {
        Path home = dir.resolve("home");
        HostconfigStaging staging = new HostconfigStaging(home::resolve, name -> true);
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/ipfailover.key"), "00112233445566778899aabbccddeeff\n");
        Files.writeString(home.resolve("conf/org.ipfailover.group-failover.cfg"), "nodes = a, b\n");
        Path folder = staging.newFolder(java.time.Instant.now());
        HostconfigStaging.stage(plan(BACKUP), "report", folder);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> staging.apply(folder, false));

        assertTrue(refused.getMessage().contains(home.resolve("conf/org.ipfailover.group-failover.cfg") + " exists already: give --force "
                + "to replace it"), refused.getMessage());
        assertEquals(List.of("ipfailover.key", "org.ipfailover.group-failover.cfg"), list(home.resolve("conf")));
        staging.apply(folder, true);
        assertEquals("primary, xserve2", properties(home.resolve("conf/org.ipfailover.group-failover.cfg")).getProperty("nodes"));
    }

    @Test
    void theOptionsTakeSeveralInterfacesAndKeepApplyApart() {
        HostconfigOptions options = HostconfigOptions.parse(List.of("--interface", "en0=eth0", "-i", "en1=eth1,en2=eth2", "--group", "afp",
                "/tmp/hostconfig"));
        assertEquals(Map.of("en0", "eth0", "en1", "eth1", "en2", "eth2"), options.interfaces());
        assertEquals("afp", options.group());
        assertEquals("/tmp/hostconfig", options.hostconfig());
        assertEquals(HostconfigImport.DEFAULT_SCRIPTS, options.scripts());
        HostconfigOptions apply = HostconfigOptions.parse(List.of("--apply", "--force", "var/import-20261203-074500"));
        assertTrue(apply.apply() && apply.force());
        assertEquals("var/import-20261203-074500", apply.hostconfig());
        for (List<String> bad : List.<List<String>>of(List.of("--force", "hostconfig"), List.of("--apply", "--group", "afp", "folder"),
                List.of("--interface", "en0", "hostconfig"), List.of("-i", "en0=eth0", "-i", "en0=eth1", "hostconfig"), List.of(),
                List.of("--apply"), List.of("--nosuch", "hostconfig"), List.of("--group", "a b", "hostconfig"))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HostconfigOptions.parse(bad), bad.toString());
            assertTrue(refused.getMessage().startsWith("import-hostconfig: ") && refused.getMessage().contains(HostconfigOptions.USAGE),
                    refused.getMessage());
        }
    }

    @Test
    void aBroadcastAddressCoversTheAddressesOfItsSubnet() {
        assertTrue(Ipv4.covers("10.0.0.255", "10.0.0.1"));
        assertTrue(Ipv4.covers("100.0.255.255", "100.0.0.10"));
        assertFalse(Ipv4.covers("10.0.0.255", "10.0.1.1"));
        assertFalse(Ipv4.covers("10.0.0.127", "10.0.0.200"));
    }

    private HostconfigImport.Plan plan(String hostconfig) {
        return new HostconfigImport(Hostconfig.parse(hostconfig), "/etc/hostconfig", scripts, "xserve2", "failover").plan();
    }

    private Properties read(String file) throws Exception {
        return properties(conf.resolve(file));
    }

    private static Properties properties(Path file) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file)));
        return properties;
    }

    private static List<String> list(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void script(Path file, String mode) throws Exception {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
