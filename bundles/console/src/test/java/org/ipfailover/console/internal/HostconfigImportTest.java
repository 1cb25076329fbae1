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
import java.util.Properties;
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
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(conf.resolve(file))));
        return properties;
    }

    private static void script(Path file, String mode) throws Exception {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
