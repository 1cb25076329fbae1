package org.ipfailover.heartbeat.internal;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NodeStatus;

/**
 * What outlives a restart of the heartbeat's sockets: the component's collaborators, its state and
 * its sender thread.
 *
 * @param health gets the outcome of every round of beats
 * @param saveSoon asks for the peers' boots to be written soon, off the calling thread
 */
record HeartbeatContext(NodeStatus status, Supplier<List<BeatListener>> listeners, BootSequence boot,
        ReplayWindow replays, PeerBoots peerBoots, PartAssembler assembler, Counters counters, LogThrottle throttle,
        ScheduledExecutorService senderThread, Consumer<HeartbeatHealth> health, Runnable saveSoon) {
}
