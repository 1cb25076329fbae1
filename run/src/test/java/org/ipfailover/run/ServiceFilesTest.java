package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The service definitions in run/systemd and run/launchd: what docs/running.md promises about them
 * (daemon mode, restart policy, SIGTERM and time for a clean stop, where the output goes), and
 * {@code systemd-analyze verify} where this machine has it.
 */
class ServiceFilesTest {
    static final Path DIST = Path.of(System.getProperty("ipfailover.dist", "")).toAbsolutePath();
    static final Path UNIT = DIST.resolve("systemd/ipfailover.service");
    static final Path PLIST = DIST.resolve("launchd/org.ipfailover.node.plist");

    @TempDir
    Path temp;

    @Test
    void systemdUnitRunsTheLauncherAsADaemonAndStopsItCleanly() throws IOException {
        Map<String, Map<String, List<String>>> unit = parseUnit(Files.readAllLines(UNIT));
        assertEquals(List.of("Unit", "Service", "Install"), List.copyOf(unit.keySet()));
        Map<String, List<String>> service = unit.get("Service");
        assertEquals(List.of("simple"), service.get("Type"));
        List<String> execStart = service.get("ExecStart");
        assertEquals(1, execStart.size(), "one ExecStart");
        assertTrue(execStart.get(0).matches("/\\S+/run/ipfailover --daemon"), execStart.get(0));
        String launcher = execStart.get(0).substring(0, execStart.get(0).indexOf(' '));
        assertEquals(List.of(launcher + " check-config"), service.get("ExecStartPre"),
                "the configuration is checked, with the launcher the unit starts, before the node starts");
        assertTrue(service.get("Environment").stream().anyMatch(e -> e.matches("IPFAILOVER_HOME=/\\S+")), service.toString());
        assertEquals(List.of("on-failure"), service.get("Restart"));
        assertTrue(service.containsKey("RestartSec"));
        assertEquals(List.of("SIGTERM"), service.get("KillSignal"));
        assertEquals(List.of("mixed"), service.get("KillMode"), "SIGTERM to the node only: its release scripts must not get it too");
        assertTrue(seconds(service.get("TimeoutStopSec").get(0)) >= 60, "time for the release pipeline");
        assertEquals(List.of("journal"), service.get("StandardOutput"));
        assertEquals(List.of("journal"), service.get("StandardError"));
        assertEquals(List.of("multi-user.target"), unit.get("Install").get("WantedBy"));
        assertTrue(Files.isExecutable(DIST.resolve("ipfailover")), "the launcher the unit starts");
        assertTrue(Files.readString(DIST.resolve("ipfailover")).contains("--daemon) daemon=true"), "the launcher takes --daemon");
        assertTrue(Files.readString(DIST.resolve("ipfailover")).contains("    check-config)"), "the launcher takes check-config");
    }

    /** verify exits 0 also on unknown keys and values it cannot parse: only silence counts as a pass. */
    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
        // the same unit, its ExecStart pointing at this checkout's launcher: verify checks that the program exists
        String text = Files.readString(UNIT).replaceAll("(?m)^(ExecStart|ExecStartPre)=/\\S+/run/ipfailover ", "$1=" + DIST.resolve("ipfailover") + " ");
        Path unit = Files.writeString(temp.resolve("ipfailover.service"), text);
        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes()).strip();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
        assertEquals("", out, "systemd-analyze verify complains");
    }

    @Test
    void launchdPlistRunsTheLauncherAsADaemonAndRestartsItOnFailure() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Element plist = builder.parse(PLIST.toFile()).getDocumentElement();
        assertEquals("plist", plist.getTagName());
        Map<String, Element> keys = dict(child(plist, "dict"));
        assertEquals("org.ipfailover.node", keys.get("Label").getTextContent());
        List<String> arguments = elements(keys.get("ProgramArguments")).stream().map(Element::getTextContent).toList();
        assertEquals(2, arguments.size(), arguments.toString());
        assertTrue(arguments.get(0).matches("/\\S+/run/ipfailover"), arguments.toString());
        assertEquals("--daemon", arguments.get(1));
        assertTrue(dict(keys.get("EnvironmentVariables")).get("IPFAILOVER_HOME").getTextContent().startsWith("/"));
        assertEquals("true", keys.get("RunAtLoad").getTagName());
        assertEquals("false", dict(keys.get("KeepAlive")).get("SuccessfulExit").getTagName(), "restart unless it exited cleanly");
        assertTrue(Integer.parseInt(keys.get("ExitTimeOut").getTextContent()) >= 60, "time for the release pipeline");
        assertTrue(keys.get("StandardOutPath").getTextContent().startsWith("/"));
        assertTrue(keys.get("StandardErrorPath").getTextContent().startsWith("/"));
    }

    /** A minimal reading of systemd's format: sections, keys with every value given (comments and blank lines skipped). */
    static Map<String, Map<String, List<String>>> parseUnit(List<String> lines) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new TreeMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            assertTrue(current != null && equals > 0, "not a key=value line in a section: " + raw);
            current.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>()).add(line.substring(equals + 1).strip());
        }
        return sections;
    }

    private static long seconds(String value) {
        return value.endsWith("min") ? 60 * Long.parseLong(value.replace("min", "")) : Long.parseLong(value.replace("s", ""));
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Element> dict(Element dict) {
        Map<String, Element> entries = new LinkedHashMap<>();
        List<Element> children = elements(dict);
        for (int i = 0; i + 1 < children.size(); i += 2) {
            assertEquals("key", children.get(i).getTagName(), "a plist dict alternates key and value");
            entries.put(children.get(i).getTextContent(), children.get(i + 1));
        }
        return entries;
    }

    private static Element child(Element parent, String tag) {
        return elements(parent).stream().filter(e -> e.getTagName().equals(tag)).findFirst().orElseThrow();
    }

    private static List<Element> elements(Element parent) {
        List<Element> list = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                list.add(element);
            }
        }
        return list;
    }
}
