package org.ipfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * /metrics of a running pair, scraped inside each node's namespace at the default address
 * (http://127.0.0.1:9694): the backup's metrics before and after it takes the crashed primary's
 * group, the primary's once it has it back; and examples/alerts.yml names only metrics that a real
 * scrape has.
 */
class NetnsMetricsIT extends LabSuite {
    private static final String METRICS = "http://127.0.0.1:9694/metrics";
    private static final Path ALERTS = NodeProcess.DIST.resolve("../examples/alerts.yml").normalize();
    private static final Pattern METRIC_NAME = Pattern.compile("\\bipfailover_[a-z0-9_]+");

    @Test
    void aTakeoverAndAHandBackShowInTheMetrics() throws Exception {
        lab = new NetnsLab(root, "failbackDelay = 500\n", false);
        Path script = root.resolve("service.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        for (String node : List.of("pri", "sec")) {
            lab.writeConf(node, "org.ipfailover.action.shell-service.cfg", "script = " + script + "\nstrictModes = false\n");
            lab.startHttp(node);
            lab.writeConf(node, "org.ipfailover.check.http-web.cfg", "groups = web\nurl = http://127.0.0.1:" + NetnsLab.HTTP_PORT
                    + "/\ninterval = 250\n");
        }
        // no SMTP server answers in sec's namespace: the takeover's mail waits in the queue
        lab.writeConf("sec", "org.ipfailover.notify.mail-admin.cfg", "host = 127.0.0.1\nport = 2525\nfrom = ipfailover@example.org\n"
                + "to = ops@example.org\nretryInitial = 100\nretryMax = 200\n");
        startPrimaryThenBackup();

        List<Scrape> scrapes = new ArrayList<>();
        for (String node : List.of("pri", "sec")) {
            lab.node(node).await(node + "'s HTTP server to answer", SETTLE, () -> answers(node));
        }
        Scrape sec = scrape("sec", scrapes);
        assertEquals(1, sec.value("ipfailover_group_state", "group", "web", "state", "STANDBY"), "sec STANDBY");
        assertEquals(0, sec.value("ipfailover_group_holding", "group", "web"));
        assertEquals(1, sec.value("ipfailover_peer_alive", "peer", "pri"));
        assertEquals(1, sec.value("ipfailover_node_deciding"));
        assertEquals(254, sec.value("ipfailover_group_priority", "group", "web"));
        assertEquals(1, sec.value("ipfailover_check_health", "group", "web", "check", "http-web", "health", "HEALTHY"));
        assertTrue(sec.value("ipfailover_heartbeats_sent_total", "network", "public") > 0, "beats sent");
        assertTrue(sec.value("ipfailover_heartbeats_accepted_total", "network", "private") > 0, "beats accepted");
        assertTrue(sec.value("ipfailover_peer_last_beat_age_seconds", "peer", "pri", "network", "public") < 1, "pri heard lately");
        assertEquals(0, sec.count("ipfailover_group_events_total", "group", "web", "type", "TAKEOVER"));
        assertEquals(0, sec.count("ipfailover_failover_duration_seconds_count", "group", "web"));
        Scrape pri = scrape("pri", scrapes);
        assertEquals(1, pri.value("ipfailover_group_holding", "group", "web"));

        lab.crash("pri");
        lab.awaitState("sec", "UP", SETTLE);
        try {
            lab.node("sec").await("the takeover's mail to fail delivery", SETTLE, () -> deliveryFailures(scrapes) > 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; sec's mail log: " + logLines("sec", "ail") + "; scraped: "
                    + lines(scrapes.get(scrapes.size() - 1), "ipfailover_notifier"), e);
        }
        sec = scrape("sec", scrapes);
        String why = "; sec's history: " + out(lab.node("sec"), "failover:history") + "; scraped: "
                + lines(sec, "ipfailover_group_events_total", "ipfailover_failover_duration_seconds_count");
        assertEquals(1, sec.value("ipfailover_group_state", "group", "web", "state", "UP"), "sec UP");
        assertEquals(0, sec.value("ipfailover_group_state", "group", "web", "state", "STANDBY"));
        assertEquals(1, sec.value("ipfailover_group_holding", "group", "web"));
        assertEquals(0, sec.value("ipfailover_peer_alive", "peer", "pri"));
        assertEquals(1, sec.count("ipfailover_group_events_total", "group", "web", "type", "TAKEOVER"));
        assertTrue(sec.count("ipfailover_peer_events_total", "peer", "pri", "type", "PEER_LOST") >= 1, "PEER_LOST counted");
        assertEquals(1, sec.count("ipfailover_failover_duration_seconds_count", "group", "web"), why);
        double took = sec.value("ipfailover_failover_duration_seconds_sum", "group", "web");
        assertTrue(took >= 0 && took < 10, "failover took " + took + " s");
        assertTrue(sec.count("ipfailover_action_runs_total", "action", "shell:service", "result", "success") >= 1, "the action ran");
        assertTrue(sec.count("ipfailover_action_duration_seconds_count", "action", "shell:service") >= 1, "and was timed");
        assertTrue(sec.value("ipfailover_notifier_queued_messages", "notifier", "mail admin") >= 1, "the mail waits");

        lab.reboot("pri");
        lab.start("pri");
        lab.awaitState("pri", "UP", SETTLE);
        lab.awaitState("sec", "STANDBY", SETTLE);
        pri = scrape("pri", scrapes);
        assertEquals(1, pri.count("ipfailover_handback_duration_seconds_count", "group", "web"), "pri's hand-back measured");
        assertTrue(pri.value("ipfailover_handback_duration_seconds_sum", "group", "web") >= 0.5, "the failback delay is in it");
        sec = scrape("sec", scrapes);
        assertEquals(1, sec.count("ipfailover_group_events_total", "group", "web", "type", "RELEASE"));
        assertEquals(1, sec.count("ipfailover_release_duration_seconds_count", "group", "web"));
        assertEquals(0, sec.value("ipfailover_group_holding", "group", "web"));

        Set<String> seen = new TreeSet<>();
        scrapes.forEach(scrape -> seen.addAll(scrape.names()));
        Set<String> named = alertMetrics();
        assertTrue(named.size() >= 8, "alerts.yml names " + named);
        named.removeAll(seen);
        assertEquals(Set.of(), named, "alerts.yml names metrics no scrape has");
    }

    private List<String> logLines(String node, String containing) {
        try {
            return lab.node(node).logLines().stream().filter(line -> line.contains(containing)).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static List<String> lines(Scrape scrape, String... prefixes) {
        return scrape.samples().stream().filter(sample -> List.of(prefixes).stream().anyMatch(sample.name()::startsWith))
                .map(Scrape.Sample::toString).toList();
    }

    private boolean answers(String node) {
        try {
            return get(node).startsWith("200\n");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String get(String node) throws IOException, InterruptedException {
        Process get = lab.inNamespace(node, "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                NetnsLab.RUN_JAR.toString(), "org.ipfailover.run.lab.HttpGet", METRICS).redirectErrorStream(true).start();
        String out = new String(get.getInputStream().readAllBytes());
        get.waitFor();
        return out;
    }

    private double deliveryFailures(List<Scrape> scrapes) {
        try {
            return scrape("sec", scrapes).count("ipfailover_notifier_delivery_failures_total", "notifier", "mail admin");
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private Scrape scrape(String node, List<Scrape> scrapes) throws IOException, InterruptedException {
        String out = get(node);
        assertTrue(out.startsWith("200\n"), node + " /metrics: " + out);
        Scrape scrape = Scrape.parse(out.substring(4));
        scrapes.add(scrape);
        return scrape;
    }

    /** @return every ipfailover metric an expr of examples/alerts.yml names */
    @SuppressWarnings("unchecked")
    static Set<String> alertMetrics() throws IOException {
        Map<String, Object> file;
        try (Reader reader = Files.newBufferedReader(ALERTS)) {
            file = new Yaml().load(reader);
        }
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertTrue(rule.containsKey("alert") && rule.containsKey("expr"), "a rule with alert and expr: " + rule);
                Matcher name = METRIC_NAME.matcher(String.valueOf(rule.get("expr")));
                while (name.find()) {
                    names.add(name.group());
                }
            }
        }
        return names;
    }
}
