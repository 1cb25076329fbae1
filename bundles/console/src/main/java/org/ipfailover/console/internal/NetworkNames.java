package org.ipfailover.console.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.Vip;

/**
 * Names for the networks of FAILOVER_BCAST_IPS, which Apple left unnamed: the one holding the
 * primary's private address is "private", the one holding the service addresses "public", the
 * others public, private, net3, ... in order. Every node must use the same names.
 */
final class NetworkNames {
    private NetworkNames() {
    }

    /** @return broadcast address to network name, in the given order */
    static Map<String, String> of(List<String> broadcasts, String peerIp, List<Vip> vips) {
        Map<String, String> names = new LinkedHashMap<>();
        broadcasts.forEach(b -> names.put(b, null));
        Set<String> used = new HashSet<>();
        for (String broadcast : broadcasts) {
            if (peerIp != null && Ipv4.covers(broadcast, peerIp) && used.add("private")) {
                names.put(broadcast, "private");
            }
        }
        for (String broadcast : broadcasts) {
            if (names.get(broadcast) == null && vips.stream().anyMatch(v -> !v.ipv6() && Ipv4.covers(broadcast, v.host()))
                    && used.add("public")) {
                names.put(broadcast, "public");
            }
        }
        int position = 0;
        for (String broadcast : broadcasts) {
            position++;
            if (names.get(broadcast) != null) {
                continue;
            }
            String name = !used.contains("public") ? "public" : !used.contains("private") ? "private" : null;
            for (int n = position; name == null || used.contains(name); n++) {
                name = "net" + Math.max(3, n);
            }
            used.add(name);
            names.put(broadcast, name);
        }
        return names;
    }

    /** @return the value of {@code networks}: name=address; name=address */
    static String join(Map<String, String> networks) {
        return String.join("; ", networks.entrySet().stream().map(e -> e.getValue() + "=" + e.getKey()).toList());
    }
}
