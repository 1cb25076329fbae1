package org.ipfailover.netif.internal;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.Vip;

/** The addresses in the output of {@code ip -j addr show}. */
final class IpAddrJson {
    private IpAddrJson() {
    }

    /**
     * @return every IPv4 and IPv6 address of every interface in the output, in its order
     * @throws IllegalArgumentException when the output is not what iproute2 writes
     */
    static Set<Vip> parse(String json) {
        Set<Vip> addresses = new LinkedHashSet<>();
        if (json.isBlank()) {
            return addresses;
        }
        for (Object link : list(JsonReader.parse(json), "the interfaces")) {
            Map<?, ?> interfaceInfo = map(link, "an interface");
            Object device = interfaceInfo.get("ifname");
            if (!(device instanceof String name)) {
                throw new IllegalArgumentException("an interface without \"ifname\"");
            }
            Object info = interfaceInfo.get("addr_info");
            for (Object entry : info == null ? List.of() : list(info, "addr_info of " + name)) {
                Map<?, ?> address = map(entry, "an address of " + name);
                Object family = address.get("family");
                if (!"inet".equals(family) && !"inet6".equals(family)) {
                    continue;
                }
                if (!(address.get("local") instanceof String local) || !(address.get("prefixlen") instanceof BigDecimal prefix)) {
                    throw new IllegalArgumentException("an address of " + name + " without \"local\" and \"prefixlen\"");
                }
                addresses.add(new Vip(name, Addresses.parse(local), prefixLength(prefix, name)));
            }
        }
        return Collections.unmodifiableSet(addresses);
    }

    private static int prefixLength(BigDecimal prefix, String device) {
        try {
            return prefix.intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an address of " + device + " with prefixlen " + prefix);
        }
    }

    private static List<?> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(what + " is not a JSON array");
    }

    private static Map<?, ?> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }
}
