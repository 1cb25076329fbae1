package org.ipfailover.heartbeat.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The heartbeat codec, one beat per operation: encode and sign (what the sender does per network
 * per interval), and verify and decode (what the receiver does per datagram). In the codec's own
 * package because the codec is package-private; run on the plain class path, not in OSGi.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeartbeatCodecBenchmark {
    /** Groups announced per beat: one (a plain pair), sixteen (many groups of mutual backups). */
    @Param({"1", "16"})
    int groups;

    /** {@code hmac}: HMAC-SHA256, the default; {@code none}: {@code auth = none}. */
    @Param({"hmac", "none"})
    String auth;

    private HeartbeatCodec sender;
    private HeartbeatCodec receiver;
    private Beat beat;
    private ByteBuffer datagram;
    private final InetSocketAddress source = new InetSocketAddress("198.51.100.1", 1694);
    private long sequence;

    @Setup
    public void setUp() {
        byte[] key = null;
        if (auth.equals("hmac")) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        sender = new HeartbeatCodec(key);
        receiver = new HeartbeatCodec(key);
        List<GroupAnnouncement> announced = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            announced.add(new GroupAnnouncement(i == 0 ? "web" : "group-" + i, i % 2 == 0 ? GroupState.UP : GroupState.STANDBY, 1));
        }
        beat = new Beat("pri", 0x1234_5678_9abc_def0L, 1, "public", 100, announced, null, 0);
        ByteBuffer encoded = sender.encode(beat);
        datagram = ByteBuffer.allocate(encoded.remaining()).put(encoded).flip();
    }

    @Benchmark
    public ByteBuffer encodeAndSign() {
        // a new sequence number per beat, as the sender has; the Beat is what the sender allocates too
        return sender.encode(new Beat(beat.node(), beat.bootId(), ++sequence, beat.network(), beat.intervalMillis(),
                beat.groups(), null, 0));
    }

    @Benchmark
    public Beat verifyAndDecode() throws MalformedBeatException {
        return receiver.decode(datagram, source, System.nanoTime());
    }
}
