package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many groups with many addresses for a lab: {@code count} groups named g000..., the addresses
 * dealt out in order, four to a group while more than three per remaining group are left. Two /24s
 * hold about 500 addresses a client can reach, so each is configured twice: on eth0, where the
 * client asks it, and on eth2, an uplink that leads nowhere ({@link NetnsLab#addUplink}); the node
 * adds, announces and removes both, as the kernel sees them, and the client probes the eth0 ones.
 */
final class ScaleGroups {
    static final String UPLINK = "eth2";
    private static final Pattern ADDRESS_LINE = Pattern.compile("\\d+: ([^\\s@:]+)[@\\S]*\\s+inet6? ([0-9a-f.:]+)/");

    final List<List<String>> groups = new ArrayList<>();

    /** @param addresses how many (interface, address) pairs in all, at most twice the distinct addresses there are */
    ScaleGroups(int count, int addresses) {
        List<String> all = new ArrayList<>();
        for (String ip : distinct()) {
            all.add("eth0:" + ip + (ip.startsWith("198.51.100.") ? "/24" : "/32"));
            all.add(UPLINK + ":" + ip + "/32");
        }
        if (addresses > all.size()) {
            throw new IllegalArgumentException(addresses + " addresses asked, " + all.size() + " there are");
        }
        int next = 0;
        for (int g = 0; g < count; g++) {
            int left = addresses - next;
            int size = (left + (count - g) - 1) / (count - g);
            groups.add(all.subList(next, next + size));
            next += size;
        }
    }

    /** 198.51.100.3-254 without the client's .100 (on the public /24), then 203.0.113.3-254 (host routes on eth0). */
    private static List<String> distinct() {
        List<String> ips = new ArrayList<>();
        for (int i = 3; i < 255; i++) {
            if (i != 100) {
                ips.add("198.51.100." + i);
            }
        }
        for (int i = 3; i < 255; i++) {
            ips.add("203.0.113." + i);
        }
        return ips;
    }

    static String name(int group) {
        return String.format("g%03d", group);
    }

    void write(NetnsLab lab, String node, String settings) throws IOException {
        for (int g = 0; g < groups.size(); g++) {
            lab.writeConf(node, "org.ipfailover.group-" + name(g) + ".cfg",
                    "nodes = pri, sec\nvips = " + String.join(", ", groups.get(g)) + "\n" + settings);
        }
    }

    /** @return every address as "device:address", without the prefix */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        groups.forEach(group -> group.forEach(vip -> keys.add(vip.substring(0, vip.indexOf('/')))));
        return keys;
    }

    /** @return the address the client asks for the group: its first on eth0 */
    String probed(int group) {
        String vip = groups.get(group).stream().filter(v -> v.startsWith("eth0:")).findFirst().orElseThrow();
        return vip.substring("eth0:".length(), vip.indexOf('/'));
    }

    /** @return "device:address" of an {@code ip addr} or {@code ip monitor address} line, or null */
    static String key(String line) {
        Matcher matcher = ADDRESS_LINE.matcher(line);
        return matcher.find() ? matcher.group(1) + ":" + matcher.group(2) : null;
    }

    /** @return what the host's kernel holds, as "device:address" */
    static Set<String> held(NetnsLab lab, String host) throws IOException, InterruptedException {
        Process show = new ProcessBuilder("ip", "-n", lab.namespace(host), "-o", "addr", "show").start();
        String out = new String(show.getInputStream().readAllBytes());
        show.waitFor();
        Set<String> held = new LinkedHashSet<>();
        out.lines().map(ScaleGroups::key).filter(k -> k != null).forEach(held::add);
        return held;
    }

    /** Removes every group address from a host's kernel in one {@code ip -batch}, as a reboot would. */
    void removeAll(NetnsLab lab, String host) throws IOException, InterruptedException {
        Path batch = Files.createTempFile(lab.root, "del", ".batch");
        StringBuilder lines = new StringBuilder();
        groups.forEach(group -> group.forEach(vip -> {
            int colon = vip.indexOf(':');
            lines.append("addr del ").append(vip.substring(colon + 1)).append(" dev ").append(vip, 0, colon).append('\n');
        }));
        Files.writeString(batch, lines);
        new ProcessBuilder("ip", "-n", lab.namespace(host), "-force", "-batch", batch.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** @return each group's state on the node, from one {@code failover:status} */
    static Map<String, String> states(NodeProcess node) {
        Map<String, String> states = new HashMap<>();
        for (String line : LabSuite.out(node, "failover:status").lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length > 1 && cells[0].matches("g\\d{3}")) {
                states.put(cells[0], cells[1]);
            }
        }
        return states;
    }

    /** @return whether the node reports every group in the state */
    boolean all(NodeProcess node, String state) {
        Map<String, String> states = states(node);
        return states.size() == groups.size() && states.values().stream().allMatch(state::equals);
    }
}
