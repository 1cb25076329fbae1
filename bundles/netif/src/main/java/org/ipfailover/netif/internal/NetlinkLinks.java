package org.ipfailover.netif.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.LinkState;

/** Reads an interface's state from an RTM_NEWLINK or RTM_DELLINK message, worded as {@code ip monitor link} words it. */
final class NetlinkLinks {
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOWER_UP = 0x10000;
    private static final String[] FLAG_NAMES = {"UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NOTRAILERS",
        "RUNNING", "NOARP", "PROMISC", "ALLMULTI", "MASTER", "SLAVE", "MULTICAST", "PORTSEL", "AUTOMEDIA", "DYNAMIC",
        "LOWER_UP", "DORMANT", "ECHO"};
    /** iproute2's order of the flags it prints */
    private static final List<String> PRINTED = List.of("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP",
            "ALLMULTI", "PROMISC", "MASTER", "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP",
            "LOWER_UP", "DORMANT", "ECHO");
    private static final String[] OPERSTATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"};
    private static final int OPERSTATE_UNKNOWN = 0;
    private static final int OPERSTATE_UP = 6;

    private NetlinkLinks() {
    }

    /** @return the interface's state, or null when the message is no link message or names no interface */
    static LinkState state(Netlink.Message message) {
        if (message.type() != Netlink.RTM_NEWLINK && message.type() != Netlink.RTM_DELLINK
                || message.body().limit() < Netlink.IFINFOMSG) {
            return null;
        }
        Map<Integer, ByteBuffer> attributes = message.attributes(Netlink.IFINFOMSG);
        ByteBuffer name = attributes.get(Netlink.IFLA_IFNAME);
        if (name == null) {
            return null;
        }
        String device = Netlink.string(name);
        if (message.type() == Netlink.RTM_DELLINK) {
            return new LinkState(device, false, "deleted");
        }
        int flags = message.body().getInt(8);
        ByteBuffer operstateAttribute = attributes.get(Netlink.IFLA_OPERSTATE);
        int operstate = operstateAttribute == null ? OPERSTATE_UNKNOWN : Byte.toUnsignedInt(operstateAttribute.get(0));
        boolean up = (flags & IFF_UP) != 0 && (flags & IFF_LOWER_UP) != 0
                && (operstate == OPERSTATE_UP || operstate == OPERSTATE_UNKNOWN);
        String state = operstate < OPERSTATES.length ? OPERSTATES[operstate] : Integer.toString(operstate);
        return new LinkState(device, up, "<" + flags(flags) + "> state " + state);
    }

    static String flags(int flags) {
        List<String> set = new ArrayList<>();
        if ((flags & IFF_UP) != 0 && (flags & IFF_LOWER_UP) == 0) {
            set.add("NO-CARRIER");
        }
        for (String printed : PRINTED) {
            int bit = List.of(FLAG_NAMES).indexOf(printed);
            if ((flags & (1 << bit)) != 0) {
                set.add(printed);
            }
        }
        return String.join(",", set);
    }
}
