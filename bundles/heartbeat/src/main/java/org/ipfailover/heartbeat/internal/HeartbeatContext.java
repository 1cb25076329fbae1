package org.ipfailover.heartbeat.internal;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.NodeStatus;

/** What outlives a restart of the heartbeat's sockets: the component's collaborators, its state and its sender thread. */
record HeartbeatContext(NodeStatus status, Supplier<List<BeatListener>> listeners, BootSequence boot,
        ReplayWindow replays, Counters counters, LogThrottle throttle, ScheduledExecutorService senderThread) {
}
