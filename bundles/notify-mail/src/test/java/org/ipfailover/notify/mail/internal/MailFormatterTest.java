package org.ipfailover.notify.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MailFormatterTest {
    static final MailFormatter DEFAULT = new MailFormatter(Template.of(MailFormatter.DEFAULT_SUBJECT),
            Template.of(MailFormatter.DEFAULT_BODY), ZoneOffset.UTC);

    static final Map<Type, String> SUBJECTS = Map.ofEntries(
            Map.entry(Type.TAKEOVER, "[ipfailover] TAKEOVER web: sec now holds 198.51.100.10 (pri silent on every network)"),
            Map.entry(Type.RELEASE, "[ipfailover] RELEASE web: sec released 198.51.100.10; pri holds them now "
                    + "(eth0:198.51.100.10/24 removed)"),
            Map.entry(Type.TAKEOVER_FAILED, "[ipfailover] TAKEOVER_FAILED web: sec could not take over 198.51.100.10 "
                    + "(netif: RTNETLINK answers: File exists)"),
            Map.entry(Type.TEST_VETO, "[ipfailover] TEST_VETO web: a Test action on sec vetoed taking over 198.51.100.10 "
                    + "(Test: 198.51.100.10 answers ping)"),
            Map.entry(Type.ACTION_FAILED, "[ipfailover] ACTION_FAILED web: an action failed on sec (services FAILED: afp: exit status 3)"),
            Map.entry(Type.RECLAIM, "[ipfailover] RECLAIM web: two nodes held 198.51.100.10 "
                    + "(pri holds the group too and has the higher priority: releasing it)"),
            Map.entry(Type.STATE_CHANGED, "[ipfailover] STATE_CHANGED web: INIT -> STANDBY on sec (listened to the peers)"),
            Map.entry(Type.ANOMALY, "[ipfailover] ANOMALY pri: pri silent on private, heard on public: no takeover"),
            Map.entry(Type.ANOMALY_CLEARED, "[ipfailover] ANOMALY_CLEARED pri: pri is heard on every network again"),
            Map.entry(Type.PEER_LOST, "[ipfailover] PEER_LOST pri: pri is silent on every network for 1500 ms"),
            Map.entry(Type.PEER_FOUND, "[ipfailover] PEER_FOUND pri: pri is heard again"),
            Map.entry(Type.ALARM, "[ipfailover] ALARM pri: forged beats: datagrams claim to come from pri but fail authentication (on sec)"),
            Map.entry(Type.ALARM_CLEARED, "[ipfailover] ALARM_CLEARED pri: forged beats: none for a dead time (on sec)"),
            Map.entry(Type.NOT_DECIDING, "[ipfailover] NOT_DECIDING sec: sec takes nothing over and keeps what it holds "
                    + "(no heartbeat goes out: the key file is readable by others)"),
            Map.entry(Type.DECIDING, "[ipfailover] DECIDING sec: sec takes part in the decisions again (the heartbeat goes out again)"),
            Map.entry(Type.HEALTH_FAILED, "[ipfailover] HEALTH_FAILED web: http-web fails on sec: connection refused "
                    + "(failed 2 times in a row: handing the group to pri)"),
            Map.entry(Type.HEALTH_RECOVERED, "[ipfailover] HEALTH_RECOVERED web: http-web passes again on sec: HTTP 200 (passed 2 times in a row)"),
            Map.entry(Type.QUORUM_LOST, "[ipfailover] QUORUM_LOST sec: sec no longer reaches its quorum (zookeeper: connection to "
                    + "198.51.100.21:2181 lost; keeping what it holds (onQuorumLoss = keep))"),
            Map.entry(Type.QUORUM_REGAINED, "[ipfailover] QUORUM_REGAINED sec: sec reaches its quorum again (zookeeper: connected to "
                    + "198.51.100.22:2181)"));

    @Test
    void aTakeoverSaysWhoHoldsWhatWhyAndWhatTheActionsDid() {
        Mail mail = DEFAULT.format(Events.takeover());
        assertEquals(SUBJECTS.get(Type.TAKEOVER), mail.subject());
        assertEquals("""
                sec now holds 198.51.100.10 (pri silent on every network)

                What:      TAKEOVER on sec: eth0:198.51.100.10/24 added on iproute2
                Group:     web
                Addresses: eth0:198.51.100.10/24
                Held by:   sec
                State:     ACQUIRING -> UP
                Peer pri, per network:
                  private: SILENT
                  public: SILENT
                Actions:
                  mount ok: /Volumes/Shared mounted
                  services FAILED: afp: exit status 3
                Time:      2026-11-22 20:47:03.250 Z

                More: ipfailover ctl failover:status
                """, mail.body());
        assertEquals(Events.TIME, mail.time());
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void everyEventTypeHasASubjectThatSaysWhatHappened(Type type) {
        FailoverEvent event = Events.of(type);
        Mail mail = DEFAULT.format(event);
        assertEquals(SUBJECTS.get(type), mail.subject());
        assertTrue(mail.body().startsWith(MailFormatter.headline(event, null) + "\n"), mail.body());
        assertTrue(mail.body().contains("What:      " + type + " on sec: " + event.reason() + "\n"), mail.body());
        assertTrue(mail.body().contains("Time:      2026-11-22 20:47:03.250 Z\n"), mail.body());
        assertTrue(mail.body().endsWith("More: ipfailover ctl failover:status\n"), mail.body());
    }

    @Test
    void peerEventsShowThePeersNetworksAndNoGroup() {
        Mail mail = DEFAULT.format(Events.anomaly(Events.TIME));
        assertTrue(mail.body().contains("Group:     -\nAddresses: -\nHeld by:   no node\nState:     -\n"), mail.body());
        assertTrue(mail.body().contains("Peer pri, per network:\n  private: SILENT\n  public: heard\n"), mail.body());
        assertTrue(mail.body().contains("Actions:\n  (none run)\n"), mail.body());
    }

    @Test
    void templatesAreOverridable() {
        MailFormatter custom = new MailFormatter(Template.of("${type} ${group} held by ${holder} $${x}"),
                Template.of("${vips}|${addresses}|${from}|${to}|${peer}|${node}|${reason}"), ZoneOffset.UTC);
        Mail mail = custom.format(Events.takeover());
        assertEquals("TAKEOVER web held by sec ${x}", mail.subject());
        assertEquals("198.51.100.10|eth0:198.51.100.10/24|ACQUIRING|UP|pri|sec|eth0:198.51.100.10/24 added on iproute2", mail.body());
    }

    @Test
    void everyDocumentedPlaceholderIsKnownAndEveryKnownOneDocumented() {
        for (String placeholder : MailFormatter.PLACEHOLDERS) {
            assertTrue(MailFormatter.PLACEHOLDER_HELP.contains("${" + placeholder + "}"), placeholder);
        }
        List<String> problems = new ArrayList<>();
        Template.parse(MailFormatter.DEFAULT_SUBJECT + MailFormatter.DEFAULT_BODY, MailFormatter.PLACEHOLDERS, problems);
        assertEquals(List.of(), problems);
        Template.parse("${type} ${nosuch} ${nosuch} ${vip}", MailFormatter.PLACEHOLDERS, problems);
        assertEquals(List.of("unknown placeholder ${nosuch}", "unknown placeholder ${vip}"), problems);
    }

    @Test
    void aTakeoverOrReleaseTellsWhyItBegan() {
        TransitionCauses causes = new TransitionCauses();
        assertNull(causes.note(Events.changed(GroupState.STANDBY, GroupState.TESTING, "pri announces FAIL for the group")));
        assertNull(causes.note(Events.changed(GroupState.TESTING, GroupState.ACQUIRING, "tests passed")));
        String cause = causes.note(Events.takeover());
        assertEquals("pri announces FAIL for the group", cause);
        assertEquals("[ipfailover] TAKEOVER web: sec now holds 198.51.100.10 (pri announces FAIL for the group)",
                DEFAULT.format(Events.takeover(), cause).subject());
        assertNull(causes.note(Events.takeover()), "a cause explains one takeover");

        causes.note(Events.changed(GroupState.UP, GroupState.RELEASING, "handing the group back to pri, which asks for it"));
        assertEquals("[ipfailover] RELEASE web: sec released 198.51.100.10; pri holds them now "
                + "(handing the group back to pri, which asks for it)",
                DEFAULT.format(Events.of(Type.RELEASE), causes.note(Events.of(Type.RELEASE))).subject());
    }

    @Test
    void aSubjectStaysOneLine() {
        MailFormatter multiline = new MailFormatter(Template.of("${networks}"), Template.of(""), ZoneOffset.UTC);
        assertEquals("private: SILENT public: SILENT", multiline.format(Events.takeover()).subject());
    }

    @Test
    void aFlapSummaryCountsTheChangesAndTellsTheLatestState() {
        FlapSummariser.Summary summary = new FlapSummariser.Summary("pri", 7, 300_000, Events.cleared(Events.TIME));
        Mail mail = DEFAULT.summarise(summary);
        assertEquals("[ipfailover] ANOMALY_CLEARED pri: 7 anomaly changes for pri in the last 5 min; "
                + "now: pri is heard on every network again", mail.subject());
        assertTrue(mail.body().contains("Peer pri, per network:\n  private: heard\n  public: heard\n"), mail.body());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("5 min", MailFormatter.duration(300_000));
        assertEquals("2 h", MailFormatter.duration(7_200_000));
        assertEquals("30 s", MailFormatter.duration(30_000));
        assertEquals("250 ms", MailFormatter.duration(250));
    }
}
