package org.ipfailover.heartbeat.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The datagrams this node sent last, so that their looped-back copies (a broadcast or multicast
 * beat comes back to its sender) are known as its own by their bytes, without being decoded and
 * authenticated again: half of what an idle node receives. A copy of an older one, or one that does
 * not fit here (a beat of many parts), is decoded and found to be the node's own as before.
 * Written by the sender thread only, read by the receivers.
 */
final class SentBeats {
    static final int KEPT = 32;

    private final AtomicReferenceArray<Sent> ring = new AtomicReferenceArray<>(KEPT);
    private int next;

    /** Before the datagram goes out, so that its copy cannot come back first. */
    void sending(String network, ByteBuffer datagram) {
        byte[] bytes = new byte[datagram.remaining()];
        datagram.duplicate().get(bytes);
        ring.set(next, new Sent(network, bytes));
        next = (next + 1) % KEPT;
    }

    /** @return the network the datagram was sent on when it is one this node sent, else null */
    String network(ByteBuffer received) {
        int length = received.remaining();
        for (int i = 0; i < KEPT; i++) {
            Sent sent = ring.get(i);
            if (sent != null && sent.bytes.length == length && same(received, sent.bytes)) {
                return sent.network;
            }
        }
        return null;
    }

    /** Compared in place: every datagram received passes here. */
    private static boolean same(ByteBuffer received, byte[] sent) {
        if (received.hasArray()) {
            int from = received.arrayOffset() + received.position();
            return Arrays.equals(received.array(), from, from + sent.length, sent, 0, sent.length);
        }
        return received.equals(ByteBuffer.wrap(sent));
    }

    private record Sent(String network, byte[] bytes) {
    }
}
