package org.ipfailover.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab bench/chaos/run made with run/lab (and a third host, ter, for --nodes 3): namespaces
 * {@code <lab>-<host>}, eth0 on the public segment, eth1 on the private one, each segment a bridge
 * in a namespace of its own ({@code <lab>-pub}, {@code <lab>-prv}) whose ports are named after the
 * hosts. Cables are the hosts' ends of the veths. Every cable change is written to the timeline: a
 * VIP behind a pulled public cable is not live.
 */
final class Lab {
    static final String CLIENT = "cli";
    static final String CLIENT_ADDRESS = "198.51.100.100";
    static final String PUBLIC_BROADCAST = "198.51.100.255";
    static final String PRIVATE_BROADCAST = "203.0.113.255";
    static final String NFT_TABLE = "ipfochaos";

    /** A public cable of a host went in or out at that time. */
    record LinkChange(long micros, String host, String device, boolean up) {
    }

    private final String name;
    private final List<String> hosts;
    private final List<LinkChange> timeline = new ArrayList<>();
    private final Map<String, Boolean> cables = new ConcurrentHashMap<>();

    Lab(String name, int nodes) {
        this.name = name;
        this.hosts = nodes == 3 ? List.of("pri", "sec", "ter") : List.of("pri", "sec");
        for (String host : hosts) {
            cables.put(host + "/eth0", true);
            cables.put(host + "/eth1", true);
        }
    }

    List<String> hosts() {
        return hosts;
    }

    String namespace(String host) {
        return name + "-" + host;
    }

    static String publicAddress(String host) {
        return "198.51.100." + (host.equals("pri") ? 1 : host.equals("sec") ? 2 : 3);
    }

    static String segment(String device) {
        return device.equals("eth0") ? "public" : "private";
    }

    /** Puts a cable out or in; a cable going out is stamped before the change, one going in after it. */
    void cable(String host, String device, boolean up) {
        long before = Clock.nowMicros();
        Commands.runOrWarn("ip", "-n", namespace(host), "link", "set", device, up ? "up" : "down");
        long after = Clock.nowMicros();
        cables.put(host + "/" + device, up);
        synchronized (timeline) {
            timeline.add(new LinkChange(up ? after : before, host, device, up));
        }
    }

    boolean cableIn(String host, String device) {
        return cables.getOrDefault(host + "/" + device, true);
    }

    List<LinkChange> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    /** What a host's kernel holds when it boots: none of the VIPs. */
    void removeAddress(String host, String vip) {
        Commands.run("ip", "-n", namespace(host), "addr", "del", vip + "/24", "dev", "eth0");
    }

    /** Frames from one host to another dropped in a segment's bridge; a table of its own, removed by {@link #clearDrops}. */
    void dropOneWay(String from, String to, String device) {
        String bridge = namespace(device.equals("eth0") ? "pub" : "prv");
        String rules = "table bridge " + NFT_TABLE + " {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    iifname \"" + from + "\" oifname \"" + to + "\" counter drop\n"
                + "  }\n"
                + "}\n";
        Commands.Result result = Commands.run(List.of("ip", "netns", "exec", bridge, "nft", "-f", "-"), rules);
        if (!result.ok()) {
            Log.say("nft failed in " + bridge + ": " + result.output());
        }
    }

    void clearDrops(String device) {
        String bridge = namespace(device.equals("eth0") ? "pub" : "prv");
        Commands.run("ip", "netns", "exec", bridge, "nft", "delete", "table", "bridge", NFT_TABLE);
    }
}
