package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.config.NetworkDefinition;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat running with one set of settings: a socket per bind address (and, for a unicast
 * bind, one per broadcast or multicast address its networks send to), a receiver thread per
 * socket, the sender.
 */
final class ActiveHeartbeat {
    static final long STOP_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(ActiveHeartbeat.class);

    private final List<HeartbeatSocket> sockets;
    private final List<Thread> receivers;
    private final Sender sender;

    private ActiveHeartbeat(List<HeartbeatSocket> sockets, List<Thread> receivers, Sender sender) {
        this.sockets = sockets;
        this.receivers = receivers;
        this.sender = sender;
    }

    static ActiveHeartbeat start(HeartbeatSettings settings, HeartbeatContext context) throws IOException {
        List<HeartbeatSocket> sockets = open(settings);
        try {
            return start(settings, context, sockets);
        } catch (RuntimeException e) {
            close(sockets);
            throw e;
        }
    }

    private static ActiveHeartbeat start(HeartbeatSettings settings, HeartbeatContext context,
            List<HeartbeatSocket> sockets) {
        Set<String> configured = new LinkedHashSet<>();
        Map<String, HeartbeatSocket> socketOfNetwork = new LinkedHashMap<>();
        for (HeartbeatSocket socket : sockets) {
            for (NetworkDefinition network : socket.networks()) {
                configured.add(network.name());
                if (!socket.receiveOnly()) {
                    socketOfNetwork.put(network.name(), socket);
                }
            }
        }
        List<Thread> receivers = new ArrayList<>();
        SentBeats sent = new SentBeats();
        for (HeartbeatSocket socket : sockets) {
            BeatFilter filter = new BeatFilter(settings.nodeId(), context.boot().bootId(), socket.served(configured),
                    context.status()::peers, context.replays(), context.peerBoots(), context.saveSoon());
            Receiver receiver = new Receiver(socket, new HeartbeatCodec(settings.key()), filter, sent, context,
                    settings.source());
            Thread thread = Threads.daemon("ipfailover-heartbeat-receive-" + socket, receiver);
            thread.start();
            receivers.add(thread);
        }
        Sender sender = new Sender(settings, socketOfNetwork, sent, context);
        sender.start();
        return new ActiveHeartbeat(sockets, receivers, sender);
    }

    private static List<HeartbeatSocket> open(HeartbeatSettings settings) throws IOException {
        Map<InetAddress, List<NetworkDefinition>> byBind = new LinkedHashMap<>();
        for (NetworkDefinition network : settings.networks()) {
            byBind.computeIfAbsent(network.bind(), bind -> new ArrayList<>()).add(network);
        }
        List<HeartbeatSocket> sockets = new ArrayList<>();
        try {
            for (Map.Entry<InetAddress, List<NetworkDefinition>> entry : byBind.entrySet()) {
                HeartbeatSocket socket = HeartbeatSocket.open(entry.getKey(), settings.port(), entry.getValue());
                sockets.add(socket);
                sockets.addAll(socket.openReceivers());
            }
        } catch (IOException | RuntimeException e) {
            close(sockets);
            throw e;
        }
        return sockets;
    }

    void statusChanged() {
        sender.statusChanged();
    }

    /** See {@link Sender#checkStuck(long)}. */
    void checkSender(long nowNanos) {
        sender.checkStuck(nowNanos);
    }

    /** Stops sending, closes the sockets and waits a bounded time for the receivers to end. */
    void close() {
        sender.stop();
        close(sockets);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Thread receiver : receivers) {
            try {
                receiver.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (receiver.isAlive()) {
                LOG.warn("Heartbeat receiver {} did not stop within {} ms", receiver.getName(), STOP_MILLIS);
            }
        }
    }

    private static void close(List<HeartbeatSocket> sockets) {
        for (HeartbeatSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.warn("Heartbeat socket {}: close failed: {}", socket, e.toString());
            }
        }
    }
}
