package org.ipfailover.heartbeat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HeartbeatSocketTest {
    @Test
    void theSubnetBroadcastIsTheAllOnesHostPart() throws Exception {
        assertEquals(InetAddress.getByName("198.51.100.255"), HeartbeatSocket.subnetBroadcast(InetAddress.getByName("198.51.100.2"), 24));
        assertEquals(InetAddress.getByName("203.0.113.127"), HeartbeatSocket.subnetBroadcast(InetAddress.getByName("203.0.113.2"), 25));
        assertEquals(InetAddress.getByName("10.255.255.255"), HeartbeatSocket.subnetBroadcast(InetAddress.getByName("10.1.2.3"), 8));
        assertEquals(InetAddress.getByName("203.0.113.3"), HeartbeatSocket.subnetBroadcast(InetAddress.getByName("203.0.113.1"), 30));
    }

    @Test
    void pointToPointAndHostRoutesHaveNone() throws Exception {
        assertNull(HeartbeatSocket.subnetBroadcast(InetAddress.getByName("203.0.113.1"), 31));
        assertNull(HeartbeatSocket.subnetBroadcast(InetAddress.getByName("203.0.113.1"), 32));
    }
}
