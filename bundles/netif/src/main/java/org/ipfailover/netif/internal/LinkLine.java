package org.ipfailover.netif.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipfailover.api.LinkState;

/**
 * One interface as a line of {@code ip -o link show} or {@code ip -o monitor link} shows it, e.g.
 * {@code 3: veth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN …}
 * or {@code Deleted 3: veth0@if2: …}.
 *
 * @param index the kernel's interface index, which a rename keeps
 * @param device the name, without the {@code @peer} that ip appends
 * @param deleted whether the interface is gone (deleted, or moved to another namespace)
 * @param state the state it reports
 */
record LinkLine(int index, String device, boolean deleted, LinkState state) {
    static final String DELETED = "deleted";

    private static final Pattern TAG = Pattern.compile("\\[([^]]*)]\\s*");
    private static final Pattern OBJECT_TAG = Pattern.compile("[A-Z]+");
    private static final Pattern LINK = Pattern.compile("(Deleted )?(\\d+): ([^:\\s]+): <([^>]*)>(.*)");
    private static final Pattern OPERATIONAL_STATE = Pattern.compile("(?:^|\\s)state (\\S+)");
    /** Operational states (RFC 2863) in which an interface carries traffic; many drivers never say more than UNKNOWN. */
    private static final Set<String> CARRYING = Set.of("UP", "UNKNOWN");

    /**
     * @return the interface the line shows; empty for a line about something else (another object of
     *         {@code ip monitor}, a time stamp, a blank line)
     * @throws IllegalArgumentException when the line is none of these
     */
    static Optional<LinkLine> parse(String line) {
        String rest = line.strip();
        for (Matcher tag = TAG.matcher(rest); tag.lookingAt(); tag = TAG.matcher(rest)) {
            if (OBJECT_TAG.matcher(tag.group(1)).matches() && !tag.group(1).equals("LINK")) {
                return Optional.empty();
            }
            rest = rest.substring(tag.end());
        }
        if (rest.isEmpty() || rest.startsWith("Timestamp:")) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(rest);
        if (!link.matches()) {
            throw new IllegalArgumentException("not an interface line of ip");
        }
        String device = withoutPeer(link.group(3));
        int index;
        try {
            index = Integer.parseInt(link.group(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("interface index " + link.group(2));
        }
        if (link.group(1) != null) {
            return Optional.of(new LinkLine(index, device, true, new LinkState(device, false, DELETED)));
        }
        List<String> flags = List.of(link.group(4).split(","));
        String attributes = link.group(5);
        int wrapped = attributes.indexOf('\\');
        Matcher state = OPERATIONAL_STATE.matcher(wrapped < 0 ? attributes : attributes.substring(0, wrapped));
        String operational = state.find() ? state.group(1) : null;
        boolean up = flags.contains("UP") && flags.contains("LOWER_UP") && !flags.contains("NO-CARRIER")
                && (operational == null || CARRYING.contains(operational));
        String detail = "<" + link.group(4) + ">" + (operational == null ? "" : " state " + operational);
        return Optional.of(new LinkLine(index, device, false, new LinkState(device, up, detail)));
    }

    /** ip writes {@code name@peer} for an interface with a link (a veth's peer, a VLAN's parent), {@code name@NONE} when it has none. */
    private static String withoutPeer(String shown) {
        int at = shown.lastIndexOf('@');
        String device = at >= 0 ? shown.substring(0, at) : shown;
        if (device.isEmpty()) {
            throw new IllegalArgumentException("no interface name");
        }
        return device;
    }
}
