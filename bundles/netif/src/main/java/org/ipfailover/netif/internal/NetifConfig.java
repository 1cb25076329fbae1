package org.ipfailover.netif.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover network backend",
        description = "How this node adds, removes and announces its service addresses: conf/org.ipfailover.netif.cfg")
@interface NetifConfig {
    String PID = "org.ipfailover.netif";

    enum Backend { auto, netlink, iproute2, ifconfig }

    @AttributeDefinition(description = "auto: by os.name, netlink on Linux (iproute2 where JNA cannot load), ifconfig on macOS and BSD; netlink: Linux, addresses, "
            + "link states and announcements inside the node's process (rtnetlink, AF_PACKET), no process started; iproute2: Linux, "
            + "the ip command, arping and ndptool.")
    Backend backend() default Backend.auto;

    @AttributeDefinition(description = "A named network namespace (ip netns) whose interfaces this node manages; "
            + "empty: the node's own. netlink and iproute2 only.", required = false)
    String namespace() default "";

    // Linux ignores an ARP update for an entry changed less than neigh locktime (1 s) ago: the announcements span more than that
    @AttributeDefinition(description = "Announcements per address once it is added (gratuitous ARP, unsolicited neighbour advertisement).",
            min = "1", max = "100")
    int arpCount() default 5;

    @AttributeDefinition(description = "Milliseconds between two announcements of an address.", min = "10", max = "60000")
    int arpIntervalMillis() default 300;

    @AttributeDefinition(description = "Seconds between re-announcements of every address this node added and still holds; 0: never.",
            min = "0", max = "86400")
    int reannounceSeconds() default 0;

    @AttributeDefinition(description = "Milliseconds a command (ip, arping, ifconfig) may run before it is killed; "
            + "netlink: also how long the kernel may take to answer a request.",
            min = "100", max = "600000")
    int commandTimeoutMillis() default 5000;

    @AttributeDefinition(description = "iproute2: IPv4 addresses are added with the label <device>:<label> when that fits "
            + "in 15 characters, else without one; empty: never a label.", required = false)
    String label() default "ipfo";
}
