package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.group;
import static org.ipfailover.test.support.Await.awaitTrue;
import static org.ipfailover.test.support.Await.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BeatListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NodeStatus;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.test.support.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The heartbeat component in Felix, talking over 127.0.0.1 with a peer played by the test, which
 * encodes and decodes real datagrams with the same key.
 */
class HeartbeatServiceIT {
    private static final String SELF = "alpha";
    private static final String PEER = "beta";
    private static final Duration START = Duration.ofSeconds(5);
    private static final List<GroupAnnouncement> ANNOUNCED = List.of(group("web", GroupState.UP, 255),
            group("files", GroupState.STANDBY, 100));

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin configAdmin;
    @TempDir
    Path dir;

    byte[] key;
    Path keyFile;
    PeerSocket peer;
    int port;
    TestNodeStatus status;
    final RecordingListener listener = new RecordingListener();
    final BlockingQueue<Beat> heard = listener.beats;
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    LogLines log;
    Configuration configuration;
    HeartbeatCodec peerCodec;
    long peerSequence;

    @BeforeEach
    void setUp() throws Exception {
        key = new byte[32];
        new SecureRandom().nextBytes(key);
        keyFile = dir.resolve("ipfailover.key");
        Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        peerCodec = new HeartbeatCodec(key);
        peer = new PeerSocket();
        port = PeerSocket.freePort();
        log = LogLines.of("org.ipfailover.heartbeat");
        status = new TestNodeStatus(ANNOUNCED, Set.of(PEER));
        registrations.add(context.registerService(NodeStatus.class, status, null));
        registrations.add(context.registerService(BeatListener.class, listener, null));
        configuration = configAdmin.getConfiguration(NodeConfig.PID, "?");
    }

    @AfterEach
    void tearDown() throws Exception {
        boolean running = context.getServiceReference(HeartbeatStatistics.class) != null;
        configuration.delete();
        if (running) {
            // deactivation is asynchronous: the next test must not hear this one's component
            listener.awaitHealth(h -> h.problem().contains("stopped"), START);
        }
        registrations.forEach(ServiceRegistration::unregister);
        log.close();
        peer.close();
    }

    @Test
    void beatsAtTheConfiguredIntervalWithTheAnnouncements() throws Exception {
        long startedAfter = System.currentTimeMillis() / 1000;
        configure(Map.of("interval", 50));
        List<Beat> beats = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        PeerSocket.Datagram first = awaitDatagram(START);
        beats.add(peerCodec.decode(first.buffer(), first.source(), first.receivedNanos()));
        times.add(first.receivedNanos());
        long from = System.nanoTime();
        long sentBefore = service().sent().getOrDefault("public", 0L);
        for (int i = 0; i < 10; i++) {
            PeerSocket.Datagram next = awaitDatagram(START);
            beats.add(peerCodec.decode(next.buffer(), next.source(), next.receivedNanos()));
            times.add(next.receivedNanos());
        }
        long sent = service().sent().getOrDefault("public", 0L) - sentBefore;
        long elapsedMillis = (System.nanoTime() - from) / 1_000_000;

        // a loaded machine only delays beats: never more than one per interval, and not ten times slower than asked
        double average = (times.get(10) - times.get(0)) / 10 / 1e6;
        System.out.printf("HeartbeatServiceIT: average interval %.1f ms (configured 50)%n", average);
        assertTrue(sent <= elapsedMillis / 50 + 2, sent + " beats sent in " + elapsedMillis + " ms");
        assertTrue(average < 500, "average interval " + average + " ms");
        for (int i = 0; i < beats.size(); i++) {
            Beat beat = beats.get(i);
            assertEquals(SELF, beat.node());
            assertEquals("public", beat.network());
            assertEquals(50, beat.intervalMillis());
            assertEquals(ANNOUNCED, beat.groups());
            assertEquals(port, beat.source().getPort());
            assertEquals(beats.get(0).bootId(), beat.bootId());
            assertEquals(beats.get(0).sequence() + i, beat.sequence());
        }
        awaitCount(service()::sent, "public", 11);
        assertTrue(log.has(Level.INFO, "Heartbeat of node alpha", "every 50 ms", "public -> 127.0.0.1:" + peer.address().getPort()),
                "the start is logged with node, networks and interval");
        long counter = beats.get(0).bootId() >>> 32;
        assertTrue(counter >= startedAfter, "the boot counter " + counter + " is not behind the clock");
        assertEquals(counter + "\n", Files.readString(dir.resolve("var").resolve(BootCounter.FILE)));
        assertEquals(new HeartbeatHealth(true, List.of("public"), ""), listener.awaitHealth(HeartbeatHealth::sending, START));
        assertTrue(service().authenticated());
    }

    @Test
    void announcesMoreGroupsThanOneDatagramHolds() throws Exception {
        List<GroupAnnouncement> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new GroupAnnouncement(String.format("group-%03d", i), GroupState.STANDBY, 100, i));
        }
        status.announce(many);
        configure(Map.of("interval", 50));

        PartAssembler assembler = new PartAssembler();
        List<GroupAnnouncement> announced = null;
        int datagrams = 0;
        while (announced == null) {
            PeerSocket.Datagram datagram = awaitDatagram(START);
            assertTrue(datagram.bytes().length <= HeartbeatCodec.MAX_DATAGRAM);
            announced = assembler.add(decode(datagram), peerCodec.part(), peerCodec.parts());
            datagrams++;
        }

        assertEquals(many, announced);
        assertTrue(datagrams > 1 && peerCodec.parts() > 1, datagrams + " datagrams");
        assertEquals(0, log.at(Level.ERROR, "cannot encode").size());
    }

    @Test
    void aKeyFileOthersCanReadKeepsItSilentUntilChmod600StartsIt() throws Exception {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        configure(Map.of("interval", 50));

        HeartbeatHealth silent = listener.awaitHealth(h -> !h.sending() && h.problem().contains(keyFile.toString()), START);
        assertTrue(silent.problem().contains("mode 0644") && silent.problem().contains("chmod 600 " + keyFile),
                silent.problem());
        assertEquals(List.of(), silent.networks());
        assertNull(peer.receive(Duration.ofMillis(200)), "no beat with a key others can read");
        assertFalse(service().authenticated(), "nothing runs");

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertEquals(new HeartbeatHealth(true, List.of("public"), ""), listener.awaitHealth(HeartbeatHealth::sending, START));
        assertEquals(SELF, decode(awaitDatagram(START)).node());
    }

    @Test
    void aReplacedKeyFileTakesEffectAndAnUnusableOneDoesNot() throws Exception {
        configure(Map.of("interval", 50));
        decode(awaitDatagram(START));
        byte[] next = new byte[32];
        new SecureRandom().nextBytes(next);

        replaceKeyFile(HexFormat.of().formatHex(next));

        log.await(Level.INFO, "Heartbeat key reloaded from " + keyFile);
        HeartbeatCodec nextCodec = new HeartbeatCodec(next);
        peer.drain();
        PeerSocket.Datagram signed = awaitDatagram(START);
        if (isSignedWith(peerCodec, signed)) {
            signed = awaitDatagram(START); // sent while the key was being replaced
        }
        assertEquals(SELF, nextCodec.decode(signed.buffer(), signed.source(), 0).node());
        assertFalse(isSignedWith(peerCodec, signed));

        replaceKeyFile("too short");
        log.await(Level.ERROR, "Heartbeat keeps its previous key", keyFile.toString());
        peer.drain();
        assertEquals(SELF, nextCodec.decode(awaitDatagram(START).buffer(), peer.address(), 0).node());
        peer.drain();
        awaitDatagram(START);
        assertEquals(1, log.at(Level.ERROR, "Heartbeat keeps its previous key").size(), "one line per replacement");
    }

    @Test
    void aBeatRecordedBeforeARestartIsAReplayAfterIt() throws Exception {
        configure(Map.of());
        awaitDatagram(START);
        long peerBoot = (System.currentTimeMillis() / 1000) << 32 | 5;
        byte[] recorded = null;
        for (int sequence = 1; sequence <= 3; sequence++) {
            recorded = Datagrams.encode(peerCodec, new Beat(PEER, peerBoot, sequence, "public", 100, ANNOUNCED, null, 0));
            peer.send(recorded, port);
            assertNotNull(heard.poll(2, TimeUnit.SECONDS));
        }

        configuration.delete();
        listener.awaitHealth(h -> h.problem().contains("stopped"), START);
        Path boots = dir.resolve("var").resolve(PeerBoots.FILE);
        String recordedBoot = String.format("%s=%016x 3", PEER, peerBoot);
        awaitTrue(boots + " to hold " + recordedBoot, () -> Files.exists(boots) && Files.readString(boots).contains(recordedBoot));
        configuration = configAdmin.getConfiguration(NodeConfig.PID, "?");
        configure(Map.of());
        awaitDatagram(START);

        peer.send(recorded, port);
        awaitCount(service()::dropped, HeartbeatStatistics.REPLAY, 1);
        peer.send(Datagrams.encode(peerCodec, new Beat(PEER, peerBoot, 4, "public", 100, ANNOUNCED, null, 0)), port);
        assertEquals(4, heard.poll(2, TimeUnit.SECONDS).sequence(), "the recorded beat was not taken, the next one is");
    }

    @Test
    void aSenderThatHangsIsReportedSilentUntilItSendsAgain() throws Exception {
        configure(Map.of("interval", 50));
        listener.awaitHealth(HeartbeatHealth::sending, START);

        status.hang();
        try {
            HeartbeatHealth stuck = listener.awaitHealth(h -> !h.sending(), START);
            assertTrue(stuck.problem().contains("sent no beat for over 1000 ms"), stuck.problem());
        } finally {
            status.release();
        }

        listener.awaitHealth(HeartbeatHealth::sending, START);
    }

    @Test
    void tellsTheListenersItIsSilentWhenItStops() throws Exception {
        configure(Map.of());
        listener.awaitHealth(HeartbeatHealth::sending, START);

        configuration.delete();
        configuration = configAdmin.getConfiguration(NodeConfig.PID, "?");

        HeartbeatHealth stopped = listener.awaitHealth(h -> !h.sending(), START);
        assertTrue(stopped.problem().contains("stopped"), stopped.problem());
    }

    /**
     * The detector's bundle stopped, restarted or updated keeps its addresses configured: the node
     * goes on beating what the detector last announced (a silent node would have its peers take the
     * groups over a dead time later), still hears its peers, and beats the next detector's
     * announcements as soon as it is there.
     */
    @Test
    void goesOnAnnouncingWhatTheDetectorLastAnnouncedWhileItIsGone() throws Exception {
        configure(Map.of("interval", 50));
        assertEquals(ANNOUNCED, decode(awaitDatagram(START)).groups());

        registrations.remove(0).unregister();

        for (int i = 0; i < 10; i++) {
            assertEquals(ANNOUNCED, decode(awaitDatagram(START)).groups(), "beat " + i + " without a detector");
        }
        assertTrue(log.has(Level.WARN, "the detector is gone", "web UP, files STANDBY"), "the gap is logged");
        peer.send(peerBeat(PEER, "public"), port);
        Beat heardWithoutDetector = heard.poll(2, TimeUnit.SECONDS);
        assertNotNull(heardWithoutDetector, "a peer's beat is still accepted");
        assertEquals(PEER, heardWithoutDetector.node());

        List<GroupAnnouncement> resuming = List.of(group("web", GroupState.INIT, 0));
        TestNodeStatus next = new TestNodeStatus(resuming, Set.of(PEER));
        registrations.add(context.registerService(NodeStatus.class, next, null));
        assertEquals(resuming, awaitBeat(b -> !b.groups().equals(ANNOUNCED)).groups());
        List<GroupAnnouncement> resumed = List.of(group("web", GroupState.UP, 255));
        next.announce(resumed);
        assertEquals(resumed, awaitBeat(b -> !b.groups().equals(resuming)).groups(), "the next detector's changes go out");
    }

    private Beat awaitBeat(Predicate<Beat> wanted) throws Exception {
        for (int i = 0; i < 100; i++) {
            Beat beat = decode(awaitDatagram(START));
            if (wanted.test(beat)) {
                return beat;
            }
        }
        throw new AssertionError("100 beats and none as awaited");
    }

    private void replaceKeyFile(String content) throws IOException {
        Path next = dir.resolve("next.key");
        Files.writeString(next, content + "\n");
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
        Files.move(next, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isSignedWith(HeartbeatCodec codec, PeerSocket.Datagram datagram) {
        try {
            codec.decode(datagram.buffer(), datagram.source(), 0);
            return true;
        } catch (MalformedBeatException e) {
            return false;
        }
    }

    /**
     * With beats 5 s apart, the beat that carries a change comes long before the next regular one
     * would; bursts of changes give at most {@link Sender#EXTRA_BURST} extra beats at once and then
     * one per {@link Sender#EXTRA_REFILL_NANOS}, counted against the time the test took to make
     * them, and never fewer than the changes need.
     */
    @Test
    void aStatusChangeSendsABeatAtOnce() throws Exception {
        int interval = 5000;
        configure(Map.of("interval", interval));
        PeerSocket.Datagram regular = awaitDatagram(START);
        List<GroupAnnouncement> released = List.of(group("web", GroupState.RELEASING, 255));

        long changed = System.nanoTime();
        status.announce(released);
        PeerSocket.Datagram extra = awaitDatagram(Duration.ofMillis(2 * interval));

        assertEquals(released, decode(extra).groups());
        System.out.printf("HeartbeatServiceIT: extra beat %.1f ms after the status change%n", (extra.receivedNanos() - changed) / 1e6);
        assertTrue(extra.receivedNanos() - regular.receivedNanos() < TimeUnit.MILLISECONDS.toNanos(interval / 2),
                "the change waited for the next regular beat");

        long gapMillis = TimeUnit.NANOSECONDS.toMillis(Sender.EXTRA_REFILL_NANOS);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            status.changed();
        }
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int burst = drainCount();
        assertTrue(burst >= 1 && burst <= burstMillis / gapMillis + Sender.EXTRA_BURST + 3, "a burst of 100 changes in " + burstMillis + " ms sent " + burst
                + " beats");

        start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < end) {
            status.changed();
            TimeUnit.MICROSECONDS.sleep(500);
        }
        long sustainedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int sustained = drainCount();
        System.out.printf("HeartbeatServiceIT: %d ms of changes every 0.5 ms sent %d extra beats%n", sustainedMillis, sustained);
        assertTrue(sustained >= 2 && sustained <= sustainedMillis / gapMillis + Sender.EXTRA_BURST + 3, sustainedMillis + " ms of changes sent " + sustained
                + " beats");
    }

    /**
     * A peer's dead time counts whole intervals, so beats keep to their schedule: each is due one
     * interval after the one before was due, not after it was sent. A late beat (a loaded machine)
     * delays no later one, so some of the last beats arrive on their schedule; with a delay counted
     * from each send, the schedule slips by the send time and the timer's lateness at every beat.
     */
    @Test
    void beatsKeepToTheirScheduleWithoutDrifting() throws Exception {
        int interval = 10;
        int count = 200;
        configure(Map.of("interval", interval));
        long first = awaitDatagram(START).receivedNanos();
        long onTime = Long.MAX_VALUE;
        for (int i = 1; i <= count; i++) {
            long offset = awaitDatagram(START).receivedNanos() - first - TimeUnit.MILLISECONDS.toNanos((long) i * interval);
            if (i > count - 20) {
                onTime = Math.min(onTime, offset);
            }
        }
        System.out.printf("HeartbeatServiceIT: the most punctual of the last 20 of %d beats came %.2f ms after its time%n", count,
                onTime / 1e6);
        assertTrue(onTime < TimeUnit.MILLISECONDS.toNanos(3), "the schedule drifted: the most punctual of beats " + (count - 19)
                + " to " + count + " came " + onTime / 1e6 + " ms after its time");
    }

    @Test
    void aPeersBeatReachesTheListenersWithItsNetwork() throws Exception {
        configure(Map.of());
        awaitDatagram(START);
        List<GroupAnnouncement> groups = List.of(group("web", GroupState.STANDBY, 100));

        peer.send(Datagrams.encode(peerCodec, new Beat(PEER, 77, 1, "public", 100, groups, null, 0)), port);

        Beat beat = heard.poll(2, TimeUnit.SECONDS);
        assertNotNull(beat, "the listener heard nothing");
        assertEquals(PEER, beat.node());
        assertEquals("public", beat.network());
        assertEquals(groups, beat.groups());
        assertEquals(77, beat.bootId());
        assertEquals(peer.address(), beat.source());
        assertTrue(System.nanoTime() - beat.receivedNanos() < TimeUnit.SECONDS.toNanos(2));
        awaitCount(service()::accepted, "public", 1);
    }

    @Test
    void aFailingListenerNeitherStopsTheReceiverNorTheOtherListeners() throws Exception {
        registrations.add(context.registerService(BeatListener.class, beat -> {
            throw new IllegalStateException("listener bug");
        }, null));
        configure(Map.of());
        awaitDatagram(START);

        peer.send(peerBeat(PEER, "public"), port);
        peer.send(peerBeat(PEER, "public"), port);

        assertNotNull(heard.poll(2, TimeUnit.SECONDS));
        assertNotNull(heard.poll(2, TimeUnit.SECONDS));
        assertTrue(log.has(Level.ERROR, "Beat listener", "failed on a beat from beta"));
    }

    @Test
    void dropsAndCountsWhatIsNotForThisNode() throws Exception {
        configure(Map.of());
        awaitDatagram(START);
        byte[] valid = peerBeat(PEER, "public");

        peer.send(valid, port);
        assertNotNull(heard.poll(2, TimeUnit.SECONDS));
        peer.send(valid, port);
        awaitCount(service()::dropped, HeartbeatStatistics.REPLAY, 1);

        peer.send(Datagrams.encode(new HeartbeatCodec(new byte[32]), new Beat(PEER, 1, ++peerSequence, "public", 100,
                ANNOUNCED, null, 0)), port);
        awaitCount(service()::dropped, HeartbeatStatistics.BAD_MAC, 1);
        byte[] flipped = peerBeat(PEER, "public");
        flipped[20] ^= 1;
        peer.send(flipped, port);
        peer.send(Datagrams.encode(new HeartbeatCodec(null), new Beat(PEER, 1, ++peerSequence, "public", 100,
                ANNOUNCED, null, 0)), port);
        awaitCount(service()::dropped, HeartbeatStatistics.BAD_MAC, 3);

        peer.send(peerBeat("stranger", "public"), port);
        awaitCount(service()::dropped, HeartbeatStatistics.UNKNOWN_NODE, 1);
        peer.send(peerBeat(PEER, "lab"), port);
        awaitCount(service()::dropped, HeartbeatStatistics.UNKNOWN_NETWORK, 1);
        peer.send(peerBeat(SELF, "public"), port);
        awaitCount(service()::dropped, BeatFilter.DUPLICATE_NODE, 1);
        assertEquals(peer.address(), listener.duplicates.poll(2, TimeUnit.SECONDS), "another node with our id");
        log.await(Level.WARN, "another node uses this node's id alpha", "from " + peer.address(), "key 'id'");
        long ownBoot = decode(awaitDatagram(START)).bootId();
        peer.send(Datagrams.encode(peerCodec, new Beat(SELF, ownBoot, 1, "public", 100, ANNOUNCED, null, 0)), port);
        awaitCount(service()::dropped, HeartbeatStatistics.OWN, 1);
        assertEquals("public", listener.own.poll(2, TimeUnit.SECONDS), "the detector is told that this node heard itself");
        peer.send(awaitDatagram(START).bytes(), port);
        awaitCount(service()::dropped, HeartbeatStatistics.OWN, 2);
        assertEquals("public", listener.own.poll(2, TimeUnit.SECONDS), "a copy of a beat this node sent, known by its bytes");
        peer.send("not a heartbeat at all".getBytes(), port);
        awaitCount(service()::dropped, HeartbeatStatistics.BAD_MAGIC, 1);

        assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "only the first beat reaches the listener");
        assertTrue(listener.duplicates.isEmpty(), "our own beat is no duplicate");
        assertEquals(1L, service().accepted().get("public"));
        assertTrue(log.has(Level.WARN, "dropped a datagram from /127.0.0.1:" + peer.address().getPort(), "badMac",
                "1 dropped for this reason since the last line"));
        assertEquals(1, log.at(Level.WARN, "badMac").size(), "drops of one reason are logged once per 10 s");
    }

    @Test
    void worksWithoutAuthenticationAndSaysSo() throws Exception {
        configure(Map.of("auth", "none", "keyFile", dir.resolve("no-such.key").toString()));
        PeerSocket.Datagram beat = awaitDatagram(START);

        assertEquals(0, beat.bytes()[5], "flags: not authenticated");
        assertEquals(SELF, new HeartbeatCodec(null).decode(beat.buffer(), beat.source(), 0).node());
        assertThrows(MalformedBeatException.class, () -> decode(beat));
        assertFalse(service().authenticated());
        assertTrue(log.has(Level.WARN, "NOT authenticated", "auth = none"));

        peer.send(Datagrams.encode(new HeartbeatCodec(null), new Beat(PEER, 5, 1, "public", 100, ANNOUNCED, null, 0)),
                port);
        assertNotNull(heard.poll(2, TimeUnit.SECONDS), "an unauthenticated peer beat is taken with auth = none");
    }

    @Test
    void waitsForAUsableConfigurationAndKeepsTheLastOneAfterwards() throws Exception {
        configure(Map.of("interval", "soon", "id", "x".repeat(65)));
        assertNull(peer.receive(Duration.ofMillis(500)), "no beat with an unusable configuration");
        assertTrue(log.has(Level.ERROR, "key 'interval'", "\"soon\" is not an integer"));
        assertTrue(log.has(Level.ERROR, "Heartbeat not started until configuration org.ipfailover.node is fixed"));

        configure(Map.of("interval", 50));
        awaitDatagram(START);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        configure(Map.of("interval", 60));
        log.await(Level.ERROR, "keeps running with its previous configuration");
        assertTrue(log.has(Level.ERROR, "key 'keyFile'", keyFile.toString(), "mode 0644"));
        peer.drain();
        PeerSocket.Datagram still = awaitDatagram(START);
        assertEquals(50, decode(still).intervalMillis(), "still beating with the previous configuration");
    }

    @Test
    void movesToTheNewPortWhenReconfigured() throws Exception {
        configure(Map.of());
        Beat before = decode(awaitDatagram(START));
        int moved = PeerSocket.freePort();

        configure(Map.of("port", moved));
        Beat after;
        do {
            after = decode(awaitDatagram(START));
        } while (after.source().getPort() != moved);

        assertEquals(before.bootId(), after.bootId(), "one boot id per activation");
        assertTrue(after.sequence() > before.sequence());
        peer.send(peerBeat(PEER, "public"), moved);
        assertNotNull(heard.poll(2, TimeUnit.SECONDS));
    }

    @Test
    void retriesUntilItsPortIsFree() throws Exception {
        try (DatagramChannel squatter = DatagramChannel.open(StandardProtocolFamily.INET)) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            configure(Map.of());
            log.await(Level.ERROR, "could not start", "cannot bind UDP 127.0.0.1:" + port, "trying again every");
            HeartbeatHealth silent = listener.awaitHealth(h -> h.problem().contains("cannot bind"), START);
            assertFalse(silent.sending());
            assertTrue(silent.problem().contains("cannot bind UDP 127.0.0.1:" + port), silent.problem());
            assertFalse(service().authenticated(), "nothing is sent, authenticated or not");
            assertNull(peer.receive(Duration.ofMillis(200)));
        }
        Duration retry = Duration.ofSeconds(HeartbeatService.RETRY_SECONDS + 2);
        assertEquals(SELF, decode(awaitDatagram(retry)).node());
        assertTrue(listener.awaitHealth(HeartbeatHealth::sending, START).networks().contains("public"));
        assertEquals(1, log.at(Level.ERROR, "could not start").size(), "the same failure is logged once");
    }

    private int drainCount() throws IOException {
        int count = 0;
        while (peer.receive(Duration.ofMillis(300)) != null) {
            count++;
        }
        return count;
    }

    private void configure(Map<String, Object> overrides) throws IOException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("id", SELF);
        properties.put("keyFile", keyFile.toString());
        properties.put("port", port);
        properties.put("networks", "public=127.0.0.1:" + peer.address().getPort());
        properties.put("bind", "public=127.0.0.1");
        properties.put("interval", 1000);
        properties.put("stateFolder", dir.resolve("var").toString());
        properties.putAll(overrides);
        if (overrides.containsKey("port")) {
            port = (Integer) overrides.get("port");
        }
        configuration.update(properties);
    }

    private byte[] peerBeat(String node, String network) {
        return Datagrams.encode(peerCodec, new Beat(node, 1, ++peerSequence, network, 100, ANNOUNCED, null, 0));
    }

    private Beat decode(PeerSocket.Datagram datagram) throws MalformedBeatException {
        return peerCodec.decode(datagram.buffer(), datagram.source(), datagram.receivedNanos());
    }

    private PeerSocket.Datagram awaitDatagram(Duration timeout) throws IOException {
        PeerSocket.Datagram datagram = peer.receive(timeout);
        assertNotNull(datagram, "no heartbeat within " + timeout.toMillis() + " ms");
        return datagram;
    }

    private HeartbeatStatistics service() throws InterruptedException {
        return awaitValue("the HeartbeatStatistics service", () -> {
            var reference = context.getServiceReference(HeartbeatStatistics.class);
            return reference != null ? context.getService(reference) : null;
        }, Objects::nonNull);
    }

    private void awaitCount(Supplier<Map<String, Long>> counters, String key, long expected) throws InterruptedException {
        Map<String, Long> counted = awaitValue(key + " to be counted " + expected + " times", counters::get,
                now -> now.getOrDefault(key, 0L) >= expected);
        assertEquals(expected, counted.get(key), key + " counted more than expected: " + counted);
    }
}
