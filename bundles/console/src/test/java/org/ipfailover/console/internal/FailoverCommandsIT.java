package org.ipfailover.console.internal;

import static org.ipfailover.test.support.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.config.NodeHome;
import org.ipfailover.test.support.Groups;
import org.ipfailover.test.support.StrictJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failover commands in a real Gogo session (and through the control socket) against the real detector. */
@DetectorFixture.WebGroup
class FailoverCommandsIT extends GogoSuite {
    DetectorFixture fixture;
    FailoverControl control;

    @BeforeEach
    void startDetector() throws Exception {
        fixture = new DetectorFixture(context, configAdmin, dir);
        control = fixture.awaitUp();
    }

    @AfterEach
    void stopDetector() throws Exception {
        fixture.close();
    }

    @Test
    void healthListsEveryCheckAndStatusShowsTheGroupsHealth() throws Exception {
        java.util.concurrent.atomic.AtomicReference<org.apache.felix.hc.api.Result> answer = new java.util.concurrent.atomic.AtomicReference<>(
                new org.apache.felix.hc.api.Result(org.apache.felix.hc.api.Result.Status.OK, "HTTP 200"));
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put("hc.tags", new String[] {"ipfailover", "web"});
        properties.put("hc.name", "http-web");
        properties.put("groups", "web");
        properties.put("interval", "50");
        org.osgi.framework.ServiceRegistration<org.apache.felix.hc.api.HealthCheck> check = context.registerService(
                org.apache.felix.hc.api.HealthCheck.class, answer::get, properties);
        try {
            awaitTrue("the check to pass", () -> Commands.gogo(processor, "failover:health web").out().lines()
                    .anyMatch(l -> l.matches("web\\s+http-web\\s+HEALTHY\\s+\\d+\\s+0\\s+.*HTTP 200")));
            Commands.Result health = Commands.gogo(processor, "failover:health");
            assertEquals(List.of("GROUP", "CHECK", "HEALTH", "PASSES", "FAILURES", "SINCE", "LAST", "OUTPUT"),
                    List.of(health.out().lines().findFirst().orElseThrow().split("\\s+")));

            answer.set(new org.apache.felix.hc.api.Result(org.apache.felix.hc.api.Result.Status.CRITICAL, "HTTP 503"));
            awaitTrue("the group unhealthy in the status", () -> Commands.gogo(processor, "failover:status").out()
                    .contains("UNHEALTHY (http-web: HTTP 503)"));
            assertEquals(GroupState.UP, Groups.state(control, "web"), "no healthy node can take it: pri keeps it");
            Map<String, Object> status = StrictJson.object(StrictJson.parse(Commands.gogo(processor, "failover:status --json").out()));
            Map<String, Object> web = StrictJson.object(StrictJson.array(status.get("groups")).get(0));
            assertEquals("UNHEALTHY", web.get("health"));
            assertEquals("HTTP 503", StrictJson.object(StrictJson.array(web.get("checks")).get(0)).get("output"));
            awaitTrue("a HEALTH_FAILED event with the check", () -> control.history(50).stream()
                    .anyMatch(e -> e.type() == FailoverEvent.Type.HEALTH_FAILED && "http-web".equals(e.check())));

            Commands.Result unknown = Commands.gogo(processor, "failover:health nosuch");
            assertTrue(unknown.status() != 0 && unknown.text().contains("no group named nosuch"), unknown.text());
        } finally {
            check.unregister();
        }
        awaitTrue("the group healthy once its check is gone", () -> !Commands.gogo(processor, "failover:health web").out().contains("http-web")
                && control.groups().get(0).health() == org.ipfailover.api.Health.HEALTHY);
    }

    @Test
    void groupsShowsOneLinePerGroupWithItsNodesInPriorityOrder() {
        Commands.Result groups = Commands.gogo(processor, "failover:groups");
        assertEquals(0, groups.status(), groups.text());
        List<String> lines = groups.out().lines().toList();
        assertEquals(List.of("GROUP", "STATE", "ROLE", "PRIO", "NODES", "VIPS", "FAILBACK"), List.of(lines.get(0).split("\\s+")));
        assertEquals(List.of("web", "UP", "primary", "255", "pri,sec", DetectorFixture.VIP, "auto"), List.of(lines.get(1).split("\\s+")));
    }

    @Test
    void actionsListsThePipelineInRunOrderWithTheBundleOfEachAction() {
        Commands.Result actions = Commands.gogo(processor, "failover:actions web");
        assertEquals(0, actions.status(), actions.text());
        List<String> rows = actions.out().lines().skip(2).map(r -> r.strip().replaceAll("\\s+", " ")).filter(r -> !r.isEmpty()).toList();
        assertEquals(List.of(
                "TEST check org.ipfailover.console 500 abort 60 s",
                "TEST shell:apple org.ipfailover.actions.shell 250 abort 62 s",
                "PRE_ACQUIRE shell:apple org.ipfailover.actions.shell 250 abort 62 s",
                "PRE_ACQUIRE mount org.ipfailover.console 10 abort 60 s",
                "ACQUIRE add and announce " + DetectorFixture.VIP + " network backend - abort -",
                "POST_ACQUIRE shell:apple org.ipfailover.actions.shell 250 abort 62 s",
                "POST_ACQUIRE services org.ipfailover.console 0 abort 60 s",
                "PRE_RELEASE services org.ipfailover.console 0 abort 60 s",
                "PRE_RELEASE mount org.ipfailover.console 10 abort 60 s",
                "PRE_RELEASE shell:apple org.ipfailover.actions.shell 250 abort 62 s",
                "RELEASE remove " + DetectorFixture.VIP + " network backend - continue -",
                "POST_RELEASE shell:apple org.ipfailover.actions.shell 250 abort 62 s"), rows);
        assertTrue(actions.out().startsWith("group web (UP here)"), actions.out());
        assertEquals(actions.out(), Commands.gogo(processor, "failover:actions").out(), "one group: the same as naming it");
    }

    @Test
    void testIsADryRunThatRunsTheTestPhaseAndChangesNothing() throws Exception {
        Commands.Result failed = Commands.gogo(processor, "failover:fail web");
        assertEquals(0, failed.status(), failed.text());
        Groups.awaitState(control, "web", GroupState.FAIL);
        long marksBefore = marks();
        fixture.trace.clear();
        List<FailoverEvent> before = webEvents();

        Commands.Result test = Commands.gogo(processor, "failover:test web");

        assertEquals(0, test.status(), test.text());
        assertTrue(test.out().contains("nothing was changed"), test.out());
        assertTrue(test.out().lines().anyMatch(l -> l.matches("check\\s+ok\\s+checked eth0:198\\.51\\.100\\.10/24")), test.out());
        assertTrue(test.out().lines().anyMatch(l -> l.matches("shell:apple\\s+ok.*")), test.out());
        assertTrue(test.out().contains("verdict: no veto"), test.out());
        assertTrue(test.out().lines().anyMatch(l -> l.matches("PRE_ACQUIRE\\s+shell:apple \\(org\\.ipfailover\\.actions\\.shell\\), then "
                + "mount \\(org\\.ipfailover\\.console\\)")), test.out());
        assertTrue(test.out().contains("add 198.51.100.10/24 on eth0 and announce it (gratuitous ARP)"), test.out());
        assertTrue(test.out().lines().anyMatch(l -> l.matches("POST_ACQUIRE\\s+shell:apple \\(org\\.ipfailover\\.actions\\.shell\\), then "
                + "services \\(org\\.ipfailover\\.console\\)")), test.out());
        assertEquals(marksBefore + 1, marks(), "the Test script ran once");
        assertEquals(List.of("check TEST"), List.copyOf(fixture.trace), "the backend was not touched, no other phase ran");
        // the detector answers from its decision thread, after anything the dry run could have handed it
        assertEquals(GroupState.FAIL, Groups.state(control, "web"));
        assertEquals(before, webEvents(), "the dry run left a trace in the history");
    }

    @Test
    void testShowsAVetoAndWhatWouldNotRun() {
        fixture.check.veto("shared storage not reachable");
        Commands.Result test = Commands.gogo(processor, "failover:test web");
        assertEquals(0, test.status(), test.text());
        assertTrue(test.out().lines().anyMatch(l -> l.matches("check\\s+VETO\\s+shared storage not reachable")), test.out());
        assertTrue(test.out().contains("verdict: VETO by check"), test.out());
        assertTrue(test.out().contains("this node holds web already (UP)"), test.out());
        assertEquals(GroupState.UP, Groups.state(control, "web"));
    }

    @Test
    void reclaimAnnouncesTheAddressesAgain() throws Exception {
        fixture.trace.clear();
        Commands.Result reclaim = Commands.gogo(processor, "failover:reclaim web");
        assertEquals(0, reclaim.status(), reclaim.text());
        assertTrue(reclaim.out().contains("web: announcing 1 address(es) again"), reclaim.out());
        awaitTrue("the announcement", () -> fixture.trace.contains("announce " + DetectorFixture.VIP));
        assertTrue(fixture.trace.stream().noneMatch(t -> t.startsWith("acquire") || t.startsWith("release")), fixture.trace.toString());
        assertEquals(GroupState.UP, Groups.state(control, "web"));
    }

    @Test
    void reclaimOfAGroupNotHeldHereFails() throws Exception {
        Commands.gogo(processor, "failover:fail web");
        Groups.awaitState(control, "web", GroupState.FAIL);
        Commands.Result reclaim = Commands.gogo(processor, "failover:reclaim web");
        assertEquals(1, reclaim.status());
        assertTrue(reclaim.err().contains("does not hold web"), reclaim.err());
        Commands.Result unknown = Commands.gogo(processor, "failover:test nosuchgroup");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("no group named nosuchgroup"), unknown.err());
    }

    @Test
    void statusAsJsonIsValidAndComplete() {
        Commands.Result status = Commands.gogo(processor, "failover:status --json");
        assertEquals(0, status.status(), status.text());
        Map<String, Object> json = StrictJson.object(StrictJson.parse(status.out().strip()));
        assertEquals("pri", json.get("node"));
        Map<String, Object> web = StrictJson.object(StrictJson.array(json.get("groups")).get(0));
        assertEquals("web", web.get("group"));
        assertEquals("UP", web.get("state"));
        assertEquals("pri", web.get("holder"));
        assertEquals(new BigDecimal(255), web.get("priority"));
        assertEquals(List.of(DetectorFixture.VIP), web.get("vips"));
        Map<String, Object> sec = StrictJson.object(StrictJson.array(json.get("peers")).get(0));
        assertEquals("sec", sec.get("node"));
        assertEquals(Boolean.FALSE, sec.get("alive"));
        Map<String, Object> beats = StrictJson.object(sec.get("lastBeatMillis"));
        assertEquals(List.of("private", "public"), List.copyOf(beats.keySet()));
        assertNull(beats.get("public"), "never heard");
        assertTrue(json.containsKey("heartbeat"));
        assertNull(json.get("heartbeat"), "no heartbeat bundle in this framework");
    }

    @Test
    void statusSaysWhetherTheNodeDecides() throws Exception {
        Commands.Result status = Commands.gogo(processor, "failover:status");
        assertEquals(0, status.status(), status.text());
        List<String> lines = status.out().lines().toList();
        assertEquals("Node pri: deciding", lines.get(1), status.out());
        assertTrue(lines.get(3).startsWith("GROUP"), "the condition comes above the groups table: " + status.out());
        Map<String, Object> json = StrictJson.object(StrictJson.parse(Commands.gogo(processor, "failover:status --json").out().strip()));
        assertEquals(Boolean.TRUE, json.get("deciding"));
        assertNull(json.get("notDeciding"));
        assertEquals(List.of(), json.get("alarms"));

        fixture.condition(new NodeCondition(false, "no heartbeat goes out on any network", List.of("two nodes named pri", "quorum lost")));
        awaitTrue("the condition shown", () -> Commands.gogo(processor, "failover:status").out().contains("NOT DECIDING"));

        lines = Commands.gogo(processor, "failover:status").out().lines().toList();
        assertEquals(List.of("Node pri: NOT DECIDING \u2014 no heartbeat goes out on any network", "ALARM: two nodes named pri",
                "ALARM: quorum lost", ""), lines.subList(1, 5));
        assertTrue(lines.get(5).startsWith("GROUP"), String.join("\n", lines));
        json = StrictJson.object(StrictJson.parse(Commands.gogo(processor, "failover:status --json").out().strip()));
        assertEquals(Boolean.FALSE, json.get("deciding"));
        assertEquals("no heartbeat goes out on any network", json.get("notDeciding"));
        assertEquals(List.of("two nodes named pri", "quorum lost"), json.get("alarms"));
        assertEquals("UP", StrictJson.object(StrictJson.array(json.get("groups")).get(0)).get("state"), "the rest is the detector's");
    }

    @Test
    void commandsWorkThroughTheControlSocket() throws Exception {
        Path socket = NodeHome.resolve(context, ControlSocketServer.DEFAULT_SOCKET);
        awaitTrue("the control socket", () -> Files.exists(socket));

        Commands.Result status = Commands.ctl(socket, "failover:status", "--json");
        assertEquals(0, status.status(), status.text());
        assertEquals("UP", StrictJson.object(StrictJson.array(StrictJson.object(StrictJson.parse(status.out().strip())).get("groups"))
                .get(0)).get("state"));
        Commands.Result groups = Commands.ctl(socket, "failover:groups");
        assertEquals(0, groups.status(), groups.text());
        assertTrue(groups.out().lines().anyMatch(l -> l.startsWith("web") && l.contains("pri,sec")), groups.out());
        Commands.Result test = Commands.ctl(socket, "failover:test", "web");
        assertEquals(0, test.status(), test.text());
        assertTrue(test.out().contains("verdict: no veto"), test.out());
        Commands.Result text = Commands.ctl(socket, "failover:status");
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("web") && l.split("\\s+")[1].equals("UP")), "scripts read the state "
                + "from the second column: " + text.out());
    }

    private List<FailoverEvent> webEvents() {
        return control.history(1000).stream().filter(event -> "web".equals(event.group())).toList();
    }

    private long marks() throws Exception {
        return Files.exists(fixture.testMark) ? Files.readAllLines(fixture.testMark).size() : 0;
    }
}
