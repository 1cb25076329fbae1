package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * One configuration for the whole class, updated by each test: deleting and creating it between
 * tests let a late configuration event move the socket back to its default under the next test.
 */
class ControlSocketIT {
    @InjectService
    ConfigurationAdmin configAdmin;

    @TempDir
    Path dir;

    Path socket;
    Configuration configuration;

    @BeforeEach
    void configure() throws Exception {
        socket = dir.resolve("ctl.sock");
        configuration = configAdmin.getConfiguration(ControlSocketServer.PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("socket", socket.toString());
        properties.put("commandTimeout", "2");
        configuration.update(properties);
        awaitAnswer(socket);
    }

    @AfterAll
    static void unconfigure(@InjectService ConfigurationAdmin configAdmin) throws Exception {
        configAdmin.getConfiguration(ControlSocketServer.PID, "?").delete();
    }

    @Test
    void runsACommandAndPrintsItsOutput() {
        Result result = ctl("lb", "-s");
        assertEquals(0, result.status, result.err);
        assertTrue(result.out.contains("org.ipfailover.console"), result.out);
    }

    @Test
    void printsTheValueACommandReturns() {
        Result result = ctl("echo", "hello", "node");
        assertEquals(0, result.status, result.err);
        assertEquals("hello node", result.out.strip());
    }

    @Test
    void failsClearlyOnAnUnknownCommand() {
        Result result = ctl("nosuchcommand");
        assertEquals(1, result.status);
        assertTrue(result.err.contains("nosuchcommand"), result.err);
    }

    public static class Nap {
        public void nap(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }

    @Test
    void interruptsACommandThatRunsTooLong(@InjectBundleContext BundleContext context) {
        ServiceRegistration<Nap> registration = context.registerService(Nap.class, new Nap(),
                FrameworkUtil.asDictionary(Map.of("osgi.command.scope", "test", "osgi.command.function", "nap")));
        try {
            Result result = ctl("test:nap", "10000");
            assertEquals(ControlSocketServer.TIMED_OUT, result.status);
            assertTrue(result.err.contains("interrupted after 2 s"), result.err);
        } finally {
            registration.unregister();
        }
    }

    @Test
    void socketIsForTheNodesUserOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    /** The component says that it keeps its configuration once it has read the update: the socket is asked after that. */
    @Test
    void keepsItsConfigurationWhenAnUpdateDoesNotParse() throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("socket", dir.resolve("other.sock").toString());
        properties.put("commandTimeout", "soon");
        try (LogLines log = LogLines.of(ControlSocketServer.class)) {
            configuration.update(properties);
            log.await(Level.WARN, "Control socket keeps its previous configuration");
        }
        assertEquals(0, ctl("echo", "still", "here").status);
        assertTrue(Files.notExists(dir.resolve("other.sock")));
    }

    @Test
    void movesTheSocketWhenReconfigured() throws Exception {
        Path moved = dir.resolve("moved.sock");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("socket", moved.toString());
        configuration.update(properties);
        awaitAnswer(moved);
        Path old = socket;
        socket = moved;
        assertEquals(0, ctl("echo", "moved").status);
        assertTrue(Files.notExists(old));
    }

    @Test
    void refusesACommandFrameOver64KiBAndStaysUp() throws Exception {
        try (SocketChannel greedy = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            greedy.connect(UnixDomainSocketAddress.of(socket));
            greedy.write(ByteBuffer.wrap(new byte[] {CtlProtocol.COMMAND, 1, 0, 0, 0, 'l', 'b', ' '}));
            ControlConnectionsTest.Exchange refused = ControlConnectionsTest.readUntilEnd(greedy);
            assertEquals(ControlConnections.REFUSED, refused.status(), refused.err());
            assertTrue(refused.err().contains("64 KiB is plenty for a Gogo command line"), refused.err());
        }
        assertEquals(0, ctl("echo", "still", "here").status);
    }

    @Test
    void refusesConnectionsBeyondItsLimitWithAMessage() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < ControlSocketServer.MAX_CONNECTIONS; i++) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                idle.add(channel);
                channel.connect(UnixDomainSocketAddress.of(socket));
            }
            Result refused = ctl("echo", "one", "more");
            assertEquals(ControlConnections.BUSY, refused.status, refused.err);
            assertTrue(refused.err.contains("the node is busy: 16 control connections are open"), refused.err);
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
        awaitAnswer(socket);
    }

    @Test
    void saysSoWhenNoNodeListens() {
        Result result = run(dir.resolve("nobody.sock"), "lb");
        assertEquals(CtlClient.NO_NODE, result.status);
        assertTrue(result.err.contains("no node is running"), result.err);
    }

    private Result ctl(String... command) {
        return run(socket, command);
    }

    private static Result run(Path socket, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[command.length + 1];
        args[0] = socket.toString();
        System.arraycopy(command, 0, args, 1, command.length);
        int status = CtlClient.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void awaitAnswer(Path file) throws InterruptedException {
        awaitTrue("a control socket to answer at " + file, () -> Files.exists(file) && run(file, "echo", "ready").status == 0);
    }

    record Result(int status, String out, String err) {
    }
}
