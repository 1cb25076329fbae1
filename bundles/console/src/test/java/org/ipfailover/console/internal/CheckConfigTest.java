package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-config on conf folders that each hold one mistake, on the bundles of this test's class
 * path (the console's test dependencies are the node's bundles): the metatype, the types and the
 * components' own rules are theirs.
 */
class CheckConfigTest {
    static final List<Path> BUNDLES = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty()).map(Path::of).toList();
    static final String NODE = "org.ipfailover.node.cfg";
    static final String GROUP = "org.ipfailover.group-web.cfg";
    static final String NODE_FILE = "id = pri\nnetworks = public=198.51.100.255; private=203.0.113.2\n";
    static final String GROUP_FILE = "nodes = pri, sec\nvips = lo:198.51.100.10/24\n";

    @TempDir
    Path home;
    Path conf;

    record Outcome(int status, List<String> lines, String err) {
        String only() {
            assertEquals(1, lines.size(), "one problem: " + lines + " " + err);
            return lines.get(0);
        }
    }

    @BeforeEach
    void cleanConf() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        write(NODE, NODE_FILE);
        write(GROUP, GROUP_FILE);
        Path key = write("ipfailover.key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCleanFolderIsOkInOneLine() throws IOException {
        write("org.ipfailover.netif.cfg", "backend = iproute2\narpCount = 3\n");
        write("org.apache.felix.healthcheck.core.cfg", "anything = goes\n");
        Outcome outcome = check();
        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals(List.of("conf OK (4 files)"), outcome.lines());
        assertEquals("", outcome.err());
    }

    @Test
    void anUnknownPidNamesTheClosestOne() throws IOException {
        write("org.ipfailover.nodes.cfg", "id = x\n");
        String line = check().only();
        assertTrue(line.endsWith("org.ipfailover.nodes.cfg: org.ipfailover.nodes is not a PID of any bundle of this node "
                + "(did you mean org.ipfailover.node.cfg?)"), line);
        Files.delete(conf.resolve("org.ipfailover.nodes.cfg"));
        write("org.ipfailover.gruop-db.cfg", GROUP_FILE);
        expect("(did you mean org.ipfailover.group-db.cfg?)");
        Files.delete(conf.resolve("org.ipfailover.gruop-db.cfg"));
        Files.move(conf.resolve(GROUP), conf.resolve("org.ipfailover.group.cfg"));
        expect("org.ipfailover.group.cfg: org.ipfailover.group takes one file per instance: org.ipfailover.group-<name>.cfg");
        Files.move(conf.resolve("org.ipfailover.group.cfg"), conf.resolve(GROUP));
        write("org.ipfailover.node-pri.cfg", NODE_FILE);
        expect("org.ipfailover.node-pri.cfg: org.ipfailover.node is a single configuration: org.ipfailover.node.cfg");
    }

    @Test
    void aMisspeltKeyNamesTheClosestRealKey() throws IOException {
        write(NODE, NODE_FILE + "deadtme = 400\n");
        String line = check().only();
        assertTrue(line.matches(".*/conf/" + NODE.replace(".", "\\.") + ": key 'deadtme' is not a key of org.ipfailover.node: "
                + "did you mean 'deadTime'\\?"), line);
        write(NODE, NODE_FILE + "deadtime = 400\n");
        expect(": key 'deadtime' is not a key of org.ipfailover.node: keys are case-sensitive, write 'deadTime'");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithTheTypeExpected() throws IOException {
        write(NODE, NODE_FILE + "interval = fast\n");
        expect(NODE + ": key 'interval': value \"fast\" is not an integer (expected int)");
    }

    @Test
    void aValueOutOfRangeOrNotAnOptionIsNamed() throws IOException {
        write(NODE, NODE_FILE + "port = 70000\n");
        expect(NODE + ": key 'port': value 70000 is above the maximum, 65535");
        write(NODE, NODE_FILE);
        write(GROUP, GROUP_FILE + "failback = sometimes\n");
        expect(GROUP + ": key 'failback': value \"sometimes\" is not one of [auto, manual]");
        write(GROUP, GROUP_FILE);
        write(NODE, NODE_FILE + "onQuorumLoss = stay\n");
        expect(NODE + ": key 'onQuorumLoss': value \"stay\" is not one of [keep, release]");
        write(NODE, NODE_FILE + "onQuorumLoss = release\n");
        Outcome outcome = check();
        assertEquals(0, outcome.status(), outcome.toString());
    }

    @Test
    void whatTheComponentsRefuseAtActivationIsFoundToo() throws IOException {
        write(NODE, NODE_FILE + "interval = 200\ndeadTime = 150\n");
        expect(NODE + ": key 'deadTime': must be longer than the interval (200 ms); "
                + "three intervals or more is sound");
        write(NODE, "id = pri\nnetworks = public=198.51.100.300\n");
        String line = check().only();
        assertTrue(line.contains(NODE + ": key 'networks': \"public=198.51.100.300\": \"198.51.100.300\" is not an IP address"), line);
        write(NODE, NODE_FILE);
        write(GROUP, "nodes = pri, sec\n");
        expect(GROUP + ": key 'vips': must name at least one address, e.g. vips = eth0:198.51.100.10/24");
        write(GROUP, GROUP_FILE);
        write("org.ipfailover.netif.cfg", "label = a/b\n");
        expect("org.ipfailover.netif.cfg: key 'label': \"a/b\" is not a label suffix");
        // the console's own metatype is in its jar, made after these tests: its rules, asked directly
        assertEquals(List.of("default configuration: key 'commandTimeout': must be at least 1 second"),
                new ConsoleRules().problems("org.ipfailover.console", new java.util.HashMap<>(java.util.Map.of("commandTimeout", "0")), home));
    }

    @Test
    void actionsChecksAndNotifiersAreCheckedByTheirOwnRules() throws IOException {
        write("org.ipfailover.check.tcp-db.cfg", "groups = web\n");
        expect("org.ipfailover.check.tcp-db.cfg: key 'port': is missing: the port to connect to, 1 to 65535");
        Files.delete(conf.resolve("org.ipfailover.check.tcp-db.cfg"));
        write("org.ipfailover.check.http-web.cfg", "groups = web\nurl = ftp://127.0.0.1/\n");
        expect("org.ipfailover.check.http-web.cfg: key 'url': \"ftp://127.0.0.1/\" is not an http:// or https:// address");
        Files.delete(conf.resolve("org.ipfailover.check.http-web.cfg"));
        write("org.ipfailover.notify.mail-admin.cfg", "from = ipfailover@example.org\nto = root@example.org\n");
        expect("org.ipfailover.notify.mail-admin.cfg: key 'host': must name the SMTP server");
        Files.delete(conf.resolve("org.ipfailover.notify.mail-admin.cfg"));
        write("org.ipfailover.action.serveradmin-web.cfg", "services = web/1\n");
        expect("org.ipfailover.action.serveradmin-web.cfg: key 'services': \"web/1\" is not a service name");
        Files.delete(conf.resolve("org.ipfailover.action.serveradmin-web.cfg"));
        write("org.ipfailover.action.shell-apple.cfg", "onFailure = maybe\n");
        expect("org.ipfailover.action.shell-apple.cfg: key 'onFailure': value \"maybe\" is not one of");
    }

    @Test
    void aVipWithoutAPrefixIsNamed() throws IOException {
        write(GROUP, "nodes = pri, sec\nvips = lo:198.51.100.10\n");
        expect(GROUP + ": key 'vips': \"lo:198.51.100.10\" has no prefix length: write it as the "
                + "interface's subnet has it, e.g. lo:198.51.100.10/24 (a wrong prefix changes which hosts the address reaches)");
    }

    @Test
    void aVipOrTrackedInterfaceThisHostLacksIsNamed() throws IOException {
        Assumptions.assumeTrue(NetworkInterface.getByName("ipfo-nosuch0") == null);
        write(GROUP, "nodes = pri, sec\nvips = ipfo-nosuch0:198.51.100.10/24\n");
        String line = check().only();
        assertTrue(line.contains(GROUP + ": key 'vips': ipfo-nosuch0:198.51.100.10/24 names interface ipfo-nosuch0, which this "
                + "host does not have (this host has: "), line);
        write(GROUP, GROUP_FILE + "trackInterfaces = ipfo-nosuch0\n");
        expect(GROUP + ": key 'trackInterfaces': interface ipfo-nosuch0 is not on this host");
        write("org.ipfailover.netif.cfg", "namespace = elsewhere\n");
        assertEquals(0, check().status(), "the interfaces of another namespace are not looked at");
    }

    @Test
    void aHeartbeatBoundToAnAddressNoInterfaceHasIsNamed() throws IOException {
        write(NODE, NODE_FILE + "bind = public=192.0.2.77\n");
        expect(NODE + ": key 'bind': network public is bound to 192.0.2.77, which no interface of "
                + "this host has");
    }

    @Test
    void aGroupThatDoesNotNameThisNodeIsNamed() throws IOException {
        write(GROUP, "nodes = prim, sec\nvips = lo:198.51.100.10/24\n");
        String line = check().only();
        assertTrue(line.endsWith(GROUP + ": key 'nodes': prim, sec does not name this node, pri (id in " + conf.resolve(NODE)
                + "): the node ignores the group (did you mean pri for prim?)"), line);
        write(GROUP, "nodes = db1, db2\nvips = lo:198.51.100.10/24\n");
        expect("the node ignores the group; keep the file off hosts it does not name");
    }

    @Test
    void theKeyFileMissingOrReadableByOthersIsNamed() throws IOException {
        Path key = conf.resolve("ipfailover.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        expect(NODE + ": key 'keyFile': key file " + key + " is readable or writable by group or others "
                + "(mode 0644, rw-r--r--); it must be 0600 or 0400: chmod 600 " + key
                + " (or set auth = none to send unauthenticated heartbeats)");
        Files.delete(key);
        expect(NODE + ": key 'keyFile': key file " + key + " does not exist "
                + "(or set auth = none to send unauthenticated heartbeats)");
    }

    @Test
    void oneNodeOrGroupNamedTwiceIsNamed() throws IOException {
        write(GROUP, "nodes = pri, sec, pri\nvips = lo:198.51.100.10/24\n");
        expect(GROUP + ": key 'nodes': names a node twice: [pri, sec, pri]");
        write(GROUP, GROUP_FILE);
        write("org.ipfailover.group-db.cfg", "name = web\n" + GROUP_FILE);
        expect("org.ipfailover.group-web.cfg: key 'name': group web is defined in "
                + conf.resolve("org.ipfailover.group-db.cfg") + " too: the node keeps one of them");
        write("org.ipfailover.group-db.cfg", "nodes = pri, Sec\nvips = lo:198.51.100.11/24\n");
        expect("org.ipfailover.group-web.cfg: key 'nodes': node sec is Sec in "
                + conf.resolve("org.ipfailover.group-db.cfg") + ": ids are case-sensitive, so these are two nodes (one node spelt two ways?)");
    }

    @Test
    void everyProblemOfAFolderIsOneLineAndTheStatusIsOne() throws IOException {
        write(NODE, NODE_FILE + "intervall = 50\nport = x\n");
        write(GROUP, "nodes = pri, sec\nvips = lo:198.51.100.10\nretryDelay = 10\n");
        Outcome outcome = check();
        assertEquals(1, outcome.status());
        assertEquals(4, outcome.lines().size(), outcome.lines().toString());
        assertTrue(outcome.err().contains("4 problems in " + conf), outcome.err());
    }

    @Test
    void aFolderThatIsNotThereCannotBeChecked() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckConfig.run(home.resolve("nothing"), BUNDLES, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, status);
        assertTrue(err.toString().contains("is not a folder this user can read"), err.toString());
    }

    /** The folder has one problem, and its line says this. */
    private void expect(String fragment) {
        String line = check().only();
        assertTrue(line.contains(fragment), line);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(conf.resolve(name), content);
    }

    private Outcome check() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckConfig.run(conf, BUNDLES, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Outcome(status, text.isEmpty() ? List.of() : List.of(text.split("\n")), err.toString(StandardCharsets.UTF_8));
    }
}
