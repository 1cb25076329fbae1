package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.KEY;
import static org.ipfailover.heartbeat.internal.Datagrams.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.config.NetworkDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two heartbeats talking over 127.0.0.1, without a framework. */
class ActiveHeartbeatTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    @Test
    void aPeerHearsEveryOneOfThreeHundredGroups() throws Exception {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            groups.add(group(String.format("service-group-%03d", i), i % 3 == 0 ? GroupState.UP : GroupState.STANDBY,
                    i % 256, i * 31));
        }
        int[] ports = {PeerSocket.freePort(), PeerSocket.freePort()};
        Node pri = node("pri", KEY, ports[0], ports[1], groups, "sec");
        Node sec = node("sec", KEY, ports[1], ports[0], List.of(), "pri");

        Beat heard = sec.listener.awaitBeat(beat -> beat.node().equals("pri"), WAIT);

        assertEquals(groups, heard.groups());
        assertEquals(Map.of(), sec.counters.dropped(), "every datagram of pri was taken");
        assertTrue(pri.counters.sent().get("public") >= 2, "more than one datagram per beat: " + pri.counters.sent());
        HeartbeatHealth health = pri.listener.awaitHealth(HeartbeatHealth::sending, WAIT);
        assertEquals(new HeartbeatHealth(true, List.of("public"), ""), health);
    }

    @Test
    void aPeerHearsWhetherTheNodeUsesAndReachesAQuorumAlsoInABeatOfSeveralParts() throws Exception {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            groups.add(group(String.format("service-group-%03d", i), GroupState.STANDBY, 1, i));
        }
        int[] ports = {PeerSocket.freePort(), PeerSocket.freePort()};
        Node pri = node("pri", KEY, ports[0], ports[1], groups, "sec");
        Node sec = node("sec", KEY, ports[1], ports[0], List.of(), "pri");
        assertEquals(QuorumFlags.NONE, sec.listener.awaitBeat(beat -> beat.node().equals("pri"), WAIT).quorum());

        pri.status.quorum(new QuorumFlags(true, true));
        Beat reached = sec.listener.awaitBeat(beat -> beat.node().equals("pri") && beat.quorum().reached(), WAIT);
        assertEquals(groups, reached.groups());
        pri.status.quorum(new QuorumFlags(true, false));
        Beat lost = sec.listener.awaitBeat(beat -> beat.node().equals("pri") && !beat.quorum().reached(), WAIT);
        assertEquals(new QuorumFlags(true, false), lost.quorum());
    }

    @Test
    void twoNodesWithTheSameIdHearEachOtherAsDuplicates() throws Exception {
        int[] ports = {PeerSocket.freePort(), PeerSocket.freePort()};
        Node first = node("alpha", KEY, ports[0], ports[1], List.of(), "beta");
        Node second = node("alpha", KEY, ports[1], ports[0], List.of(), "beta");

        InetSocketAddress heardByFirst = first.listener.duplicates.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        InetSocketAddress heardBySecond = second.listener.duplicates.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertEquals(new InetSocketAddress(LOOPBACK, ports[1]), heardByFirst);
        assertEquals(new InetSocketAddress(LOOPBACK, ports[0]), heardBySecond);
        assertTrue(first.counters.dropped().get(BeatFilter.DUPLICATE_NODE) >= 1);
        assertNull(first.listener.beats.poll(), "a duplicate's beat is no beat");
    }

    @Test
    void aPeerWithAnotherKeyIsReportedButNeverABeat() throws Exception {
        int[] ports = {PeerSocket.freePort(), PeerSocket.freePort()};
        node("pri", "another key of at least 16 bytes".getBytes(), ports[0], ports[1], List.of(), "sec");
        Node sec = node("sec", KEY, ports[1], ports[0], List.of(), "pri");

        for (int i = 0; i < 3; i++) {
            assertEquals("pri", sec.listener.unauthenticated.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertNull(sec.listener.beats.poll(), "an unauthenticated datagram is never taken for a beat");
        assertNull(sec.counters.accepted().get("public"));
    }

    @Test
    void aNetworkItCannotSendOnIsTheHealthsProblem() throws Exception {
        int[] ports = {PeerSocket.freePort(), PeerSocket.freePort()};
        NetworkDefinition broken = new NetworkDefinition("broken", List.of(new InetSocketAddress(LOOPBACK, 0)), LOOPBACK);
        Node pri = node("pri", KEY, ports[0], ports[1], List.of(), List.of(broken), "sec");

        HeartbeatHealth health = pri.listener.awaitHealth(h -> !h.problem().isEmpty(), WAIT);

        assertTrue(health.sending(), "public still works");
        assertEquals(List.of("public"), health.networks());
        assertTrue(health.problem().startsWith("sending on broken to 127.0.0.1:0 failed: "), health.problem());
    }

    private Node node(String id, byte[] key, int port, int peerPort, List<GroupAnnouncement> groups, String peer)
            throws Exception {
        return node(id, key, port, peerPort, groups, List.of(), peer);
    }

    private Node node(String id, byte[] key, int port, int peerPort, List<GroupAnnouncement> groups,
            List<NetworkDefinition> more, String peer) throws Exception {
        List<NetworkDefinition> networks = new ArrayList<>();
        networks.add(new NetworkDefinition("public", List.of(new InetSocketAddress(LOOPBACK, peerPort)), LOOPBACK));
        networks.addAll(more);
        Path state = dir.resolve(id + "-" + port);
        HeartbeatSettings settings = new HeartbeatSettings("test " + id, id, port, 50, networks, null, key, state);
        Node node = new Node(settings, new TestNodeStatus(groups, Set.of(peer)));
        nodes.add(node);
        return node;
    }

    private static final class Node implements AutoCloseable {
        final RecordingListener listener = new RecordingListener();
        final Counters counters = new Counters();
        final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
        final ActiveHeartbeat heartbeat;
        final TestNodeStatus status;

        Node(HeartbeatSettings settings, TestNodeStatus status) throws Exception {
            this.status = status;
            HeartbeatContext context = new HeartbeatContext(status, () -> List.of(listener),
                    BootSequence.of(BootCounter.next(settings.stateFolder(), 1_790_000_000L, line -> { }, line -> { })),
                    new ReplayWindow(), PeerBoots.load(settings.stateFolder().resolve(PeerBoots.FILE), line -> { }),
                    new PartAssembler(), counters, new LogThrottle(), thread, listener::heartbeatHealth, () -> { });
            heartbeat = ActiveHeartbeat.start(settings, context);
        }

        @Override
        public void close() {
            heartbeat.close();
            thread.shutdownNow();
        }
    }
}
