package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ipfailover.test.support.Needs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code run/ipfailover check-config} as an operator and systemd's ExecStartPre run it, against
 * the exported node.jar: a clean folder, then the same folder with one mistake in one file, each
 * reported in one line naming the file and the key, with status 1. It runs in a network namespace
 * of its own, whose only interface is lo, so that "an interface this host lacks" is one for sure.
 */
class CheckConfigIT {
    static final String NODE = "org.ipfailover.node.cfg";
    static final String GROUP = "org.ipfailover.group-web.cfg";
    static final String NODE_FILE = "id = pri\nnetworks = public=198.51.100.255; private=203.0.113.2\n";
    static final String GROUP_FILE = "nodes = pri, sec\nvips = lo:198.51.100.10/24\n";
    static final String KEY = "ipfailover.key";

    static String namespace;

    @TempDir
    Path home;
    Path conf;

    @BeforeAll
    static void namespace() throws IOException, InterruptedException {
        Needs.root("a network namespace whose interfaces the test knows");
        Needs.that(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "ip (package iproute2) is not installed");
        namespace = "ipfo-check-" + UUID.randomUUID().toString().substring(0, 8);
        NetnsLab.run("ip", "netns", "add", namespace);
    }

    @AfterAll
    static void removeNamespace() throws IOException, InterruptedException {
        if (namespace != null) {
            NetnsLab.run("ip", "netns", "delete", namespace);
        }
    }

    @BeforeEach
    void cleanConf() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        write(NODE, NODE_FILE);
        write(GROUP, GROUP_FILE);
        write(KEY, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(conf.resolve(KEY), PosixFilePermissions.fromString("rw-------"));
    }

    record Run(int status, List<String> out, String err) {
    }

    @Test
    void aCleanFolderIsOneLineAndStatusZero() throws Exception {
        Run run = checkConfig(conf.toString());
        assertEquals(new Run(0, List.of("conf OK (2 files)"), ""), run);
        assertFalse(Files.exists(home.resolve("var")), "check-config writes nothing into the home");
    }

    @Test
    void theDefaultFolderIsTheHomesConf() throws Exception {
        write(NODE, NODE_FILE + "deadtme = 400\n");
        Run run = checkConfig();
        assertEquals(1, run.status(), run.toString());
        assertEquals(1, run.out().size(), run.toString());
    }

    @Test
    void aFolderThatIsNotThereCannotBeChecked() throws Exception {
        Run run = checkConfig(home.resolve("nothing").toString());
        assertEquals(2, run.status(), run.toString());
        assertEquals(List.of(), run.out());
        assertTrue(run.err().contains("is not a folder"), run.err());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("a misspelt key", NODE, NODE_FILE + "deadtme = 400\n",
                        NODE + ": key 'deadtme' is not a key of org.ipfailover.node: did you mean 'deadTime'?"),
                Arguments.of("an unknown PID", "org.ipfailover.gruop-db.cfg", GROUP_FILE,
                        "org.ipfailover.gruop-db.cfg: org.ipfailover.gruop is not a PID of any bundle of this node "
                                + "(did you mean org.ipfailover.group-db.cfg?)"),
                Arguments.of("a value of the wrong type", "org.ipfailover.netif.cfg", "arpCount = many\n",
                        "org.ipfailover.netif.cfg: key 'arpCount': value \"many\" is not an integer (expected int)"),
                Arguments.of("a value out of range", NODE, NODE_FILE + "port = 70000\n",
                        NODE + ": key 'port': value 70000 is above the maximum, 65535"),
                Arguments.of("a value that is not one of the options", GROUP, GROUP_FILE + "failback = sometimes\n",
                        GROUP + ": key 'failback': value \"sometimes\" is not one of [auto, manual]"),
                Arguments.of("a rule of the component", NODE, NODE_FILE + "interval = 200\ndeadTime = 200\n",
                        NODE + ": key 'deadTime': must be longer than the interval (200 ms); three intervals or more is sound"),
                Arguments.of("a required key missing", "org.ipfailover.notify.mail-admin.cfg",
                        "from = ipfailover@example.org\nto = root@example.org\n",
                        "org.ipfailover.notify.mail-admin.cfg: key 'host': must name the SMTP server, e.g. host = smtp.example.org"),
                Arguments.of("the control socket's minimum", "org.ipfailover.console.cfg", "commandTimeout = 0\n",
                        "org.ipfailover.console.cfg: key 'commandTimeout': value 0 is below the minimum, 1"),
                Arguments.of("a VIP without a prefix", GROUP, "nodes = pri, sec\nvips = lo:198.51.100.10\n",
                        GROUP + ": key 'vips': \"lo:198.51.100.10\" has no prefix length"),
                Arguments.of("a VIP on an interface this host lacks", GROUP, "nodes = pri, sec\nvips = eth0:198.51.100.10/24\n",
                        GROUP + ": key 'vips': eth0:198.51.100.10/24 names interface eth0, which this host does not have "
                                + "(this host has: lo)"),
                Arguments.of("a group that does not name this node", GROUP, "nodes = db1, db2\nvips = lo:198.51.100.10/24\n",
                        GROUP + ": key 'nodes': db1, db2 does not name this node, pri"),
                Arguments.of("a key file that is missing", NODE, NODE_FILE + "keyFile = conf/other.key\n",
                        NODE + ": key 'keyFile': key file HOME/conf/other.key does not exist"),
                Arguments.of("one node twice in a group", GROUP, "nodes = pri, sec, pri\nvips = lo:198.51.100.10/24\n",
                        GROUP + ": key 'nodes': names a node twice: [pri, sec, pri]"),
                Arguments.of("a quorum's session timeout out of range", "org.ipfailover.quorum.zookeeper.cfg",
                        "connectString = zk1:2181,zk2:2181,zk3:2181\nsessionTimeoutMillis = 50\n",
                        "org.ipfailover.quorum.zookeeper.cfg: key 'sessionTimeoutMillis': is 50; it must be between 1000 and 120000 ms"),
                Arguments.of("one group in two files", "org.ipfailover.group-db.cfg", "name = web\n" + GROUP_FILE,
                        "org.ipfailover.group-web.cfg: key 'name': group web is defined in HOME/conf/org.ipfailover.group-db.cfg too"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsOneLineNamingItsFileAndKey(String mistake, String file, String content, String expected) throws Exception {
        write(file, content);
        assertOneProblem(expected.replace("HOME", home.toString()));
    }

    @Test
    void aKeyFileOthersCanReadIsOneLine() throws Exception {
        Files.setPosixFilePermissions(conf.resolve(KEY), PosixFilePermissions.fromString("rw-r-----"));
        assertOneProblem(NODE + ": key 'keyFile': key file " + conf.resolve(KEY) + " is readable or writable by group or others "
                + "(mode 0640, rw-r-----); it must be 0600 or 0400");
    }

    private void assertOneProblem(String expected) throws Exception {
        Run run = checkConfig(conf.toString());
        assertEquals(1, run.status(), run.toString());
        assertEquals(1, run.out().size(), run.toString());
        assertTrue(run.out().get(0).startsWith(conf.toString()) && run.out().get(0).contains(expected), run.out().get(0));
        assertTrue(run.err().contains("1 problem in " + conf), run.err());
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(conf.resolve(name), content);
    }

    private Run checkConfig(String... folder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, NodeProcess.DIST.resolve("ipfailover").toString(),
                "check-config"));
        command.addAll(List.of(folder));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("IPFAILOVER_HOME", home.toString());
        Path out = Files.createTempFile("check-config", ".out");
        Path err = Files.createTempFile("check-config", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("check-config did not finish within 60 s");
            }
            String text = Files.readString(out);
            return new Run(process.exitValue(), text.isEmpty() ? List.of() : text.lines().toList(), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
