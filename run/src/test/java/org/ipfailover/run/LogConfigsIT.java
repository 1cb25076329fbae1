package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipfailover.test.support.StrictJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example log configurations in run/conf, each as the operator uses it: copied over the
 * home's conf/logback.xml, with the node started by the launcher. The JSON one writes lines that
 * parse as JSON; the syslog one sends datagrams, here to a loopback socket this test opens.
 */
class LogConfigsIT {
    static final String LISTENING = "Control socket listening at ";

    @TempDir
    Path home;

    NodeProcess node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jsonLinesOneObjectPerLogLine() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.copy(NodeProcess.DIST.resolve("conf/logback-json.xml"), home.resolve("conf/logback.xml"));
        node = NodeProcess.start(home);
        Path json = home.resolve("log/ipfailover.json");
        node.await("the control socket's line in " + json, NodeProcess.START_TIMEOUT,
                () -> lines(json).stream().anyMatch(line -> line.contains(LISTENING)));
        assertEquals(0, node.terminate());
        List<String> lines = lines(json);
        for (String line : lines) {
            Map<String, Object> entry = StrictJson.object(StrictJson.parse(line));
            assertTrue(entry.containsKey("timestamp") && entry.containsKey("level") && entry.containsKey("loggerName"), line);
        }
        Map<String, Object> listening = lines.stream().filter(line -> line.contains(LISTENING)).findFirst()
                .map(line -> StrictJson.object(StrictJson.parse(line))).orElseThrow();
        assertEquals("INFO", listening.get("level"));
        assertEquals("org.ipfailover.console.internal.ControlSocketServer", listening.get("loggerName"));
        assertEquals(LISTENING + node.socket(), listening.get("formattedMessage"));
        assertEquals(false, Files.exists(node.log()), "nothing in the text log");
    }

    @Test
    void syslogDatagramsTaggedIpfailoverAtFacilityDaemon() throws Exception {
        try (DatagramSocket syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            syslog.setSoTimeout((int) NodeProcess.START_TIMEOUT.toMillis());
            Files.createDirectories(home.resolve("conf"));
            Files.copy(NodeProcess.DIST.resolve("conf/logback-syslog.xml"), home.resolve("conf/logback.xml"));
            node = NodeProcess.start(home, List.of(), Map.of("IPFAILOVER_JAVA_OPTS", "-Dipfailover.syslog.host="
                    + InetAddress.getLoopbackAddress().getHostAddress() + " -Dipfailover.syslog.port=" + syslog.getLocalPort()));
            String listening = null;
            while (listening == null) {
                DatagramPacket packet = new DatagramPacket(new byte[8192], 8192);
                syslog.receive(packet);
                String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                assertTrue(datagram.matches("<\\d+>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ ipfailover:.*"), datagram);
                if (datagram.contains(LISTENING)) {
                    listening = datagram;
                }
            }
            // facility DAEMON (3) and severity INFO (6): priority 3 * 8 + 6
            assertTrue(listening.startsWith("<30>"), listening);
            assertTrue(listening.endsWith("ControlSocketServer - " + LISTENING + node.socket()), listening);
            assertEquals(0, node.terminate());
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
