package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.function.Supplier;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.HeartbeatStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one socket until it is closed, and hands every beat that passes its filter to the
 * listeners, once its parts are assembled. Only an authentic beat counts: a datagram that fails
 * authentication is reported as such, and is never a beat.
 */
final class Receiver implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 10;

    private final HeartbeatSocket socket;
    private final HeartbeatCodec codec;
    private final BeatFilter filter;
    private final SentBeats sent;
    private final PartAssembler assembler;
    private final Supplier<List<BeatListener>> listeners;
    private final Counters counters;
    private final LogThrottle throttle;
    // one byte more than a beat may have, so that a longer datagram shows as too long rather than cut
    private final ByteBuffer buffer = ByteBuffer.allocate(HeartbeatCodec.MAX_DATAGRAM + 1);

    private final String configSource;

    /** @param configSource the configuration's file or PID, for messages */
    Receiver(HeartbeatSocket socket, HeartbeatCodec codec, BeatFilter filter, SentBeats sent, HeartbeatContext context,
            String configSource) {
        this.socket = socket;
        this.codec = codec;
        this.filter = filter;
        this.sent = sent;
        this.assembler = context.assembler();
        this.listeners = context.listeners();
        this.counters = context.counters();
        this.throttle = context.throttle();
        this.configSource = configSource;
    }

    @Override
    public void run() {
        while (socket.isOpen() && receiveOne()) {
            // one datagram per call: the JIT compiles a method after a few hundred calls, a loop within one only after
            // tens of thousands of rounds, and this one turns 10 to 100 times a second
        }
    }

    /** @return false once the socket is closed */
    private boolean receiveOne() {
        InetSocketAddress source;
        try {
            buffer.clear();
            source = socket.receive(buffer);
        } catch (ClosedChannelException closed) {
            return false;
        } catch (IOException e) {
            if (socket.isOpen() && throttle.due("receive " + socket, System.nanoTime()) > 0) {
                LOG.warn("Heartbeat socket {}: receive failed: {}", socket, e.toString());
            }
            pauseAfterFailure();
            return true;
        }
        long receivedNanos = System.nanoTime();
        try {
            handle(buffer.flip(), source, receivedNanos);
        } catch (RuntimeException e) {
            if (throttle.due("handle " + socket, receivedNanos) > 0) {
                LOG.error("Heartbeat socket {}: a datagram from {} could not be handled", socket, source, e);
            }
        }
        return true;
    }

    /** A socket that fails at once, again and again, must not take a core. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(ByteBuffer datagram, InetSocketAddress source, long receivedNanos) {
        String ownNetwork = sent.network(datagram);
        if (ownNetwork != null) {
            own(ownNetwork, source, receivedNanos);
            return;
        }
        Beat beat;
        try {
            beat = codec.decode(datagram, source, receivedNanos);
        } catch (MalformedBeatException e) {
            drop(e.reason().counter(), source, e.getMessage() + (e.claimedNode() != null ? ", claims to be " + e.claimedNode() : ""));
            if (e.claimedNode() != null && filter.isPeer(e.claimedNode())) {
                for (BeatListener listener : listeners.get()) {
                    try {
                        listener.unauthenticated(e.claimedNode(), source, receivedNanos);
                    } catch (RuntimeException failure) {
                        LOG.debug("Beat listener {} failed on an unauthenticated datagram", listener.getClass().getName(), failure);
                    }
                }
            }
            return;
        }
        String reason = filter.reject(beat);
        if (HeartbeatStatistics.OWN.equals(reason)) {
            own(beat.network(), source, receivedNanos);
            return;
        }
        if (BeatFilter.DUPLICATE_NODE.equals(reason)) {
            duplicate(beat, source, receivedNanos);
            return;
        }
        if (reason != null) {
            drop(reason, source, "node " + beat.node() + ", network " + beat.network());
            return;
        }
        List<GroupAnnouncement> groups = assembler.add(beat, codec.part(), codec.parts());
        if (groups == null) {
            return;
        }
        if (groups != beat.groups()) {
            beat = beat.withGroups(groups);
        }
        counters.accepted(beat.network());
        for (BeatListener listener : listeners.get()) {
            try {
                listener.beat(beat);
            } catch (Throwable failure) {
                if (throttle.due("listener " + listener.getClass().getName(), System.nanoTime()) > 0) {
                    LOG.error("Beat listener {} failed on a beat from {} (network {})", listener.getClass().getName(),
                            beat.node(), beat.network(), failure);
                }
            }
        }
    }

    private void own(String network, InetSocketAddress source, long receivedNanos) {
        drop(HeartbeatStatistics.OWN, source, "");
        for (BeatListener listener : listeners.get()) {
            try {
                listener.ownBeat(network, receivedNanos);
            } catch (RuntimeException failure) {
                LOG.debug("Beat listener {} failed on an own beat", listener.getClass().getName(), failure);
            }
        }
    }

    private void duplicate(Beat beat, InetSocketAddress source, long receivedNanos) {
        counters.dropped(BeatFilter.DUPLICATE_NODE);
        long heard = throttle.due(BeatFilter.DUPLICATE_NODE, receivedNanos);
        if (heard > 0) {
            LOG.warn("Heartbeat: another node uses this node's id {}: its authentic beats come from {} (boot {}, {} since "
                    + "the last line), and each of the two takes the other's beats for its own; give one of them "
                    + "another id (key 'id' in {})",
                    beat.node(), source, String.format("%016x", beat.bootId()), heard, configSource);
        }
        for (BeatListener listener : listeners.get()) {
            try {
                listener.duplicateNode(source, receivedNanos);
            } catch (RuntimeException failure) {
                LOG.debug("Beat listener {} failed on a duplicate node id", listener.getClass().getName(), failure);
            }
        }
    }

    private void drop(String reason, InetSocketAddress source, String detail) {
        counters.dropped(reason);
        long dropped = throttle.due(reason, System.nanoTime());
        if (dropped == 0) {
            return;
        }
        if (reason.equals(HeartbeatStatistics.OWN)) {
            LOG.debug("Heartbeat socket {}: ignored our own beat from {} ({} since the last line)", socket, source, dropped);
        } else {
            LOG.warn("Heartbeat socket {}: dropped a datagram from {}: {} ({}); {} dropped for this reason since the last line",
                    socket, source, reason, detail, dropped);
        }
    }
}
