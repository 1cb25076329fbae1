package org.ipfailover.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** The heartbeat receiver's and sender's counters, for status output and monitoring. */
@ProviderType
public interface HeartbeatStatistics {
    /** Counter names of dropped datagrams. */
    String BAD_MAGIC = "badMagic", BAD_VERSION = "badVersion", BAD_LENGTH = "badLength", BAD_MAC = "badMac",
            UNKNOWN_NODE = "unknownNode", UNKNOWN_NETWORK = "unknownNetwork", REPLAY = "replay", OWN = "own";

    /** @return datagrams accepted and handed to the listeners, per network */
    Map<String, Long> accepted();

    /** @return datagrams dropped, per reason (the constants of this interface) */
    Map<String, Long> dropped();

    /** @return datagrams sent, per network */
    Map<String, Long> sent();

    /** @return send failures, per network */
    Map<String, Long> sendFailures();

    /** @return whether beats are authenticated (false only with {@code auth = none}) */
    boolean authenticated();
}
