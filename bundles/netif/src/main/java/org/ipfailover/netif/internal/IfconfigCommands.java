package org.ipfailover.netif.internal;

import java.util.List;
import org.ipfailover.api.Vip;

/** The argument lists of the ifconfig backend (macOS and the BSDs). */
final class IfconfigCommands {
    private final Tool ifconfig;

    IfconfigCommands(Tool ifconfig) {
        this.ifconfig = ifconfig;
    }

    /** @param prefixLength the prefix to configure, which may be narrower than the VIP's */
    List<String> add(Vip vip, int prefixLength) {
        String address = vip.host();
        if (vip.ipv6()) {
            return List.of(ifconfig.command(), vip.device(), "inet6", address, "prefixlen", String.valueOf(prefixLength), "alias");
        }
        return List.of(ifconfig.command(), vip.device(), "inet", address, "netmask", Addresses.netmaskOfPrefix(prefixLength), "alias");
    }

    List<String> remove(Vip vip) {
        return List.of(ifconfig.command(), vip.device(), vip.ipv6() ? "inet6" : "inet", vip.host(), "-alias");
    }

    List<String> show(String device) {
        return List.of(ifconfig.command(), device);
    }
}
