package org.ipfailover.bench.chaos;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What the campaign does to the lab, with how often it is drawn (weight) relative to the others. */
enum FaultKind {
    CRASH("crash", 3, "SIGKILL and both cables out; it boots 1-5 s later (VIPs gone, cables in, daemon started)"),
    KILL("kill", 2, "SIGKILL only (its VIPs stay configured); started again 0.5-4 s later"),
    PAUSE("pause", 3, "SIGSTOP for 0.2-3 s, then SIGCONT"),
    RESTART("restart", 2, "SIGTERM, wait for the exit, start again"),
    PUBLIC("public", 2, "public cable out for 0.5-5 s"),
    PRIVATE("private", 2, "private cable out for 0.5-5 s"),
    FLAP("flap", 3, "public or private cable out for 100-600 ms"),
    PARTITION("partition", 2, "both cables out for 1-6 s, the daemon alive"),
    ONE_WAY("one-way", 3, "frames from one node to another dropped (nftables in the segment's bridge) on one network or both, 1-6 s"),
    CONFIG_TOUCH("config-touch", 1, "a group file rewritten in place with the same content"),
    CONFIG_CHANGE("config-change", 1, "failbackDelay changed (2000 <-> 2500 ms) in a group file on every node, one after another"),
    CONFIG_BROKEN("config-broken", 2, "a group file broken on one node (a misspelt key, or a VIP on a missing interface), reverted 2-8 s later"),
    UPDATE("update", 2, "ctl update <id> file:<jar> of the netif or the shell action bundle"),
    FORGED("forged", 1, "beats claiming to be a live node, wrong MAC, from the client to the public broadcast, for 2-6 s"),
    FORGED_CRASH("forged-crash", 2, "forged beats claiming to be a node that then crashes, for 2-6 s");

    private final String label;
    private final int weight;
    private final String description;

    FaultKind(String label, int weight, String description) {
        this.label = label;
        this.weight = weight;
        this.description = description;
    }

    String label() {
        return label;
    }

    int weight() {
        return weight;
    }

    String description() {
        return description;
    }

    static Set<FaultKind> parseList(String text) {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String item : text.split(",")) {
            String wanted = item.trim().toLowerCase(Locale.ROOT);
            if (wanted.isEmpty()) {
                continue;
            }
            FaultKind found = null;
            for (FaultKind kind : values()) {
                if (kind.label.equals(wanted)) {
                    found = kind;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("--faults: unknown fault '" + item.trim() + "'; known: " + known());
            }
            kinds.add(found);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--faults: name at least one of " + known());
        }
        return kinds;
    }

    static String known() {
        StringBuilder text = new StringBuilder();
        for (FaultKind kind : values()) {
            text.append(text.length() == 0 ? "" : ",").append(kind.label);
        }
        return text.toString();
    }
}
