package org.ipfailover.netif.internal;

import java.util.ArrayList;
import java.util.List;
import org.ipfailover.api.Vip;

/**
 * The argument lists of the iproute2 backend: {@code ip} to change and read addresses, iputils
 * {@code arping} for gratuitous ARP, libndp's {@code ndptool} for unsolicited neighbour
 * advertisements; all of them inside a named network namespace when one is configured.
 */
final class IpCommands {
    /** Linux keeps IPv4 labels in IFNAMSIZ (16 bytes with the terminating zero). */
    static final int MAX_LABEL = 15;

    private final Tool ip;
    private final Tool arping;
    private final Tool ndptool;
    private final String namespace;
    private final String labelSuffix;

    /**
     * @param namespace a named network namespace, or empty for the node's own
     * @param labelSuffix what follows {@code <device>:} in the label of an added IPv4 address; empty for no label
     */
    IpCommands(Tool ip, Tool arping, Tool ndptool, String namespace, String labelSuffix) {
        this.ip = ip;
        this.arping = arping;
        this.ndptool = ndptool;
        this.namespace = namespace;
        this.labelSuffix = labelSuffix;
    }

    List<String> add(Vip vip) {
        List<String> command = ip(vip);
        command.addAll(List.of("addr", "add", cidr(vip), "dev", vip.device()));
        if (vip.ipv6()) {
            // the address moves here from a failed host: duplicate detection would only delay it
            command.add("nodad");
        } else if (label(vip.device()) != null) {
            command.addAll(List.of("label", label(vip.device())));
        }
        return command;
    }

    List<String> remove(Vip vip) {
        List<String> command = ip(vip);
        command.addAll(List.of("addr", "del", cidr(vip), "dev", vip.device()));
        return command;
    }

    List<String> show(String device) {
        List<String> command = ip();
        command.addAll(List.of("-j", "addr", "show", "dev", device));
        return command;
    }

    /** @return a command that succeeds when the interface exists */
    List<String> link(String device) {
        List<String> command = ip();
        command.addAll(List.of("-j", "link", "show", "dev", device));
        return command;
    }

    /** @return a command that writes a line for every interface */
    List<String> links() {
        List<String> command = ip();
        command.addAll(List.of("-o", "link", "show"));
        return command;
    }

    /** @return a command that writes a line for every change of an interface, until it is stopped */
    List<String> monitorLinks() {
        List<String> command = ip();
        command.addAll(List.of("-o", "monitor", "link"));
        return command;
    }

    /** @return one gratuitous ARP (IPv4) or one unsolicited neighbour advertisement (IPv6) for the address */
    List<String> announce(Vip vip) {
        String address = vip.host();
        if (vip.ipv6()) {
            return inNamespace(List.of(ndptool.command(), "-t", "na", "-U", "-i", vip.device(), "-T", address, "send"));
        }
        // iputils arping waits a whole second after its last packet, and its -i takes whole seconds only:
        // one packet per run lets the announcer space them in milliseconds
        return inNamespace(List.of(arping.command(), "-q", "-U", "-c", "1", "-I", vip.device(), "-s", address, address));
    }

    /** @return the label for IPv4 addresses added to {@code device}, or null when none fits */
    String label(String device) {
        return label(device, labelSuffix);
    }

    /** @return the label {@code <device>:<suffix>} when it fits in an interface name, else null (also for no suffix) */
    static String label(String device, String suffix) {
        if (suffix.isEmpty()) {
            return null;
        }
        String label = device + ":" + suffix;
        return label.length() <= MAX_LABEL ? label : null;
    }

    private List<String> ip(Vip vip) {
        List<String> command = ip();
        if (vip.ipv6()) {
            command.add("-6");
        }
        return command;
    }

    private List<String> ip() {
        List<String> command = new ArrayList<>();
        command.add(ip.command());
        if (!namespace.isEmpty()) {
            command.addAll(List.of("-n", namespace));
        }
        return command;
    }

    private List<String> inNamespace(List<String> command) {
        if (namespace.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(ip.command(), "netns", "exec", namespace));
        wrapped.addAll(command);
        return wrapped;
    }

    private static String cidr(Vip vip) {
        return vip.cidr();
    }
}
