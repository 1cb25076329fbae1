package org.ipfailover.notify.mail.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Vip;

/** Turns an event into a subject and a body an administrator can act on from a phone. */
final class MailFormatter {
    static final String DEFAULT_SUBJECT = "[ipfailover] ${type} ${target}: ${headline}";
    static final String DEFAULT_BODY = """
            ${headline}

            What:      ${type} on ${node}: ${reason}
            Group:     ${group}
            Addresses: ${addresses}
            Held by:   ${holder}
            State:     ${change}
            Peer ${peer}, per network:
            ${networks}
            Actions:
            ${results}
            Time:      ${time}

            More: ipfailover ctl failover:status
            """;
    static final String PLACEHOLDER_HELP = "${type} (TAKEOVER, ...), ${target} (the group, or the peer for peer events), "
            + "${headline} (what happened, one line), ${node} (this node), ${group}, ${peer}, ${holder} (the node holding the "
            + "addresses now), ${vips} (addresses only), ${addresses} (interface:address/prefix), ${change} (state before -> after), "
            + "${from}, ${to}, ${reason} (the event's own), ${cause} (why the takeover or release began), "
            + "${networks} (the peer's state per network, one line each), "
            + "${results} (each action's result and reason, one line each), ${check} and ${output} (a health event's check "
            + "and the last line it gave), ${time}. $${ writes a literal ${.";
    static final Set<String> PLACEHOLDERS = Set.of("type", "target", "headline", "node", "group", "peer", "holder", "vips",
            "addresses", "change", "from", "to", "reason", "cause", "networks", "results", "check", "output", "time");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS XXX");

    private final Template subject;
    private final Template body;
    private final ZoneId zone;

    MailFormatter(Template subject, Template body, ZoneId zone) {
        this.subject = subject;
        this.body = body;
        this.zone = zone;
    }

    Mail format(FailoverEvent event) {
        return format(event, null);
    }

    /** @param cause why the transition this event ends began, or null */
    Mail format(FailoverEvent event, String cause) {
        return render(event, cause(event, cause), headline(event, cause));
    }

    /** One mail for a peer's many anomaly changes within a window, with the details of the latest. */
    Mail summarise(FlapSummariser.Summary summary) {
        FailoverEvent last = summary.last();
        String headline = summary.changes() + " anomaly changes for " + summary.peer() + " in the last "
                + duration(summary.windowMillis()) + "; now: " + headline(last, null);
        return render(last, cause(last, null), headline);
    }

    private Mail render(FailoverEvent event, String cause, String headline) {
        Map<String, String> values = values(event, cause, headline);
        return new Mail(null, event.time(), subject.render(values), body.render(values));
    }

    Map<String, String> values(FailoverEvent event, String cause, String headline) {
        Map<String, String> values = new HashMap<>();
        values.put("type", event.type().name());
        values.put("target", event.group() != null ? event.group() : or(event.peer(), event.node()));
        values.put("headline", headline);
        values.put("node", event.node());
        values.put("group", or(event.group(), "-"));
        values.put("peer", or(event.peer(), "-"));
        values.put("holder", or(event.holder(), "no node"));
        values.put("vips", vips(event.addresses()));
        values.put("addresses", event.addresses().isEmpty() ? "-"
                : event.addresses().stream().map(Vip::toString).collect(Collectors.joining(", ")));
        values.put("change", change(event.from(), event.to()));
        values.put("from", event.from() == null ? "-" : event.from().name());
        values.put("to", event.to() == null ? "-" : event.to().name());
        values.put("reason", event.reason().isEmpty() ? "-" : event.reason());
        values.put("cause", cause.isEmpty() ? "-" : cause);
        values.put("networks", networks(event.peerNetworks()));
        values.put("results", results(event.results()));
        values.put("check", or(event.check(), "-"));
        values.put("output", event.output().isEmpty() ? "-" : event.output());
        values.put("time", TIME.format(event.time().atZone(zone)));
        return values;
    }

    static String headline(FailoverEvent event, String knownCause) {
        String node = event.node();
        String vips = vips(event.addresses());
        String why = event.reason().isEmpty() ? "" : " (" + event.reason() + ")";
        String cause = cause(event, knownCause);
        String because = cause.isEmpty() ? "" : " (" + cause + ")";
        return switch (event.type()) {
            case TAKEOVER -> node + " now holds " + vips + because;
            case RELEASE -> node + " released " + vips + "; " + (event.holder() == null ? "no node holds them now"
                    : event.holder() + " holds them now") + because;
            case TAKEOVER_FAILED -> node + " could not take over " + vips + why;
            case TEST_VETO -> "a Test action on " + node + " vetoed taking over " + vips + why;
            case ACTION_FAILED -> "an action failed on " + node + why;
            case RECLAIM -> "two nodes held " + vips + why;
            case STATE_CHANGED -> change(event.from(), event.to()) + " on " + node + why;
            case ANOMALY -> anomaly(event);
            case ALARM, ALARM_CLEARED -> or(event.reason(), event.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')) + " (on " + node + ")";
            case NOT_DECIDING -> node + " takes nothing over and keeps what it holds" + why;
            case DECIDING -> node + " takes part in the decisions again" + why;
            case HEALTH_FAILED -> or(event.check(), "a check") + " fails on " + node + output(event) + why;
            case HEALTH_RECOVERED -> or(event.check(), "a check") + " passes again on " + node + output(event) + why;
            case QUORUM_LOST -> node + " no longer reaches its quorum" + why;
            case QUORUM_REGAINED -> node + " reaches its quorum again" + why;
            case ANOMALY_CLEARED, PEER_FOUND, PEER_LOST -> event.reason().isEmpty()
                    ? or(event.peer(), "a peer") + " " + event.type().name().toLowerCase(Locale.ROOT).replace('_', ' ') : event.reason();
        };
    }

    private static String output(FailoverEvent event) {
        return event.output().isEmpty() ? "" : ": " + event.output();
    }

    /**
     * @return the cause when known; for a takeover without one, what the peer's networks say
     *         ("pri silent on every network"); else the event's reason
     */
    static String cause(FailoverEvent event, String known) {
        if (known != null && !known.isEmpty()) {
            return known;
        }
        Map<String, Boolean> networks = event.peerNetworks();
        if (event.type() == FailoverEvent.Type.TAKEOVER && event.peer() != null && !networks.isEmpty()
                && !networks.containsValue(true)) {
            return event.peer() + " silent on every network";
        }
        return event.reason();
    }

    private static String anomaly(FailoverEvent event) {
        List<String> silent = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        new TreeMap<>(event.peerNetworks()).forEach((network, up) -> (up ? heard : silent).add(network));
        if (silent.isEmpty() || heard.isEmpty()) {
            return event.reason().isEmpty() ? or(event.peer(), "a peer") + " anomaly" : event.reason();
        }
        return event.peer() + " silent on " + String.join(", ", silent) + ", heard on " + String.join(", ", heard)
                + ": no takeover";
    }

    private static String vips(List<Vip> addresses) {
        if (addresses.isEmpty()) {
            return "no addresses";
        }
        return addresses.stream().map(vip -> vip.address().getHostAddress()).collect(Collectors.joining(", "));
    }

    private static String change(GroupState from, GroupState to) {
        if (from == null && to == null) {
            return "-";
        }
        return (from == null ? "-" : from.name()) + " -> " + (to == null ? "-" : to.name());
    }

    private static String networks(Map<String, Boolean> networks) {
        if (networks.isEmpty()) {
            return "  (none reported)";
        }
        return new TreeMap<>(networks).entrySet().stream()
                .map(network -> "  " + network.getKey() + ": " + (network.getValue() ? "heard" : "SILENT"))
                .collect(Collectors.joining("\n"));
    }

    private static String results(List<ActionResult> results) {
        if (results.isEmpty()) {
            return "  (none run)";
        }
        return results.stream().map(result -> "  " + result).collect(Collectors.joining("\n"));
    }

    static String duration(long millis) {
        if (millis >= 3_600_000 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + " h";
        }
        if (millis >= 60_000) {
            return Math.round(millis / 60_000.0) + " min";
        }
        if (millis >= 1000) {
            return Math.round(millis / 1000.0) + " s";
        }
        return millis + " ms";
    }

    private static String or(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }
}
