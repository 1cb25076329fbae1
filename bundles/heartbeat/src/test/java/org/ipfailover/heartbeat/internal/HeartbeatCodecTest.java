package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.KEY;
import static org.ipfailover.heartbeat.internal.Datagrams.beat;
import static org.ipfailover.heartbeat.internal.Datagrams.encode;
import static org.ipfailover.heartbeat.internal.Datagrams.group;
import static org.ipfailover.heartbeat.internal.Datagrams.sign;
import static org.ipfailover.heartbeat.internal.Datagrams.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.heartbeat.internal.MalformedBeatException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatCodecTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 1694);

    private final HeartbeatCodec codec = new HeartbeatCodec(KEY);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void roundTripsABeatWithSeveralGroups(String source) throws Exception {
        Beat sent = new Beat("pri", 0x8000_0000_0000_0001L, 0xFFFF_FFFF_FFFF_FFFEL, "public", 100, List.of(
                group("web", GroupState.UP, 255), group("files", GroupState.STANDBY, 0),
                group("mail", GroupState.DISABLED, 17)), null, 0);
        InetSocketAddress from = new InetSocketAddress(source, 40000);

        Beat received = codec.decode(ByteBuffer.wrap(encode(codec, sent)), from, 42);

        assertEquals(new Beat(sent.node(), sent.bootId(), sent.sequence(), sent.network(), sent.intervalMillis(),
                sent.groups(), from, 42), received);
    }

    @Test
    void roundTripsTheFingerprintsAndThePartNumbers() throws Exception {
        List<GroupAnnouncement> groups = List.of(group("web", GroupState.UP, 255, 0x8BAD_F00D),
                group("files", GroupState.STANDBY, 1, 0), group("mail", GroupState.RECOVER, 2, -1));
        Beat sent = new Beat("pri", 0x6553_F100_0000_0001L, 77, "public", 100, groups, null, 0);

        byte[] datagram = encode(codec, sent, 254, 255);
        Beat received = codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0);

        assertEquals(groups, received.groups());
        assertEquals(0x8BAD_F00D, received.groups().get(0).fingerprint());
        assertEquals(254, codec.part());
        assertEquals(255, codec.parts());
        codec.decode(ByteBuffer.wrap(encode(codec, sent)), SOURCE, 0);
        assertEquals(0, codec.part());
        assertEquals(1, codec.parts());
    }

    @Test
    void writesTheFieldsWhereTheWireFormatSaysTheyAre() {
        Beat sent = new Beat("n1", 0x0102030405060708L, 0x1112131415161718L, "pub", 100,
                List.of(group("web", GroupState.UP, 200, 0xCAFEBABE)), null, 0);
        ByteBuffer datagram = ByteBuffer.wrap(encode(codec, sent, 2, 3));

        assertEquals(0x4950464F, datagram.getInt(0), "magic IPFO");
        assertEquals(2, datagram.get(4), "version");
        assertEquals(1, datagram.get(5), "flags: authenticated");
        assertEquals(2, datagram.get(6), "node id length");
        assertEquals(0x0102030405060708L, datagram.getLong(9), "boot id");
        assertEquals(0x1112131415161718L, datagram.getLong(17), "sequence");
        assertEquals(3, datagram.get(25), "network name length");
        assertEquals(100, datagram.getInt(29), "interval");
        assertEquals(2, datagram.get(33), "part");
        assertEquals(3, datagram.get(34), "parts");
        assertEquals(1, datagram.getShort(35), "group count");
        assertEquals(3, datagram.get(37), "group name length");
        assertEquals(GroupState.UP.code(), datagram.get(41), "state");
        assertEquals(200, datagram.get(42) & 0xFF, "priority");
        assertEquals(0xCAFEBABE, datagram.getInt(43), "fingerprint");
        assertEquals(47 + 16, datagram.limit(), "MAC of 16 bytes last");
    }

    @Test
    void refusesPartNumbersOutOfRange() {
        Beat sent = beat("node", 1, "public");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(sent, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(sent, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(sent, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(sent, 0, 256));
    }

    @Test
    void roundTripsEveryState() throws Exception {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (GroupState state : GroupState.values()) {
            groups.add(group("g" + state, state, state.code()));
        }
        Beat sent = new Beat("n", 1, 2, "p", 10, groups, null, 0);
        assertEquals(groups, codec.decode(ByteBuffer.wrap(encode(codec, sent)), SOURCE, 0).groups());
    }

    @Test
    void roundTripsUnicodeNames() throws Exception {
        Beat sent = beat("nœud-été-東京", 7, "réseau-privé", group("ウェブ🚀", GroupState.RECOVER, 200));
        Beat received = codec.decode(ByteBuffer.wrap(encode(codec, sent)), SOURCE, 0);
        assertEquals("nœud-été-東京", received.node());
        assertEquals("réseau-privé", received.network());
        assertEquals("ウェブ🚀", received.groups().get(0).group());
    }

    @Test
    void roundTripsTheLargestBeat() throws Exception {
        String longest = utf8(64, "é");
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            groups.add(group(utf8(62, "日") + String.format("%02d", i), GroupState.UP, i, i * 7919));
        }
        groups.add(group(utf8(23, "g"), GroupState.FAIL, 255, -1));
        Beat sent = new Beat(longest, -1, -1, longest, Integer.MAX_VALUE, groups, null, 0);

        byte[] datagram = encode(codec, sent);

        assertEquals(HeartbeatCodec.MAX_DATAGRAM, datagram.length);
        assertEquals(sent.groups(), codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0).groups());
        assertEquals(longest, codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0).node());
    }

    @Test
    void roundTripsTheMostGroups() throws Exception {
        int most = (HeartbeatCodec.MAX_DATAGRAM - HeartbeatCodec.MIN_DATAGRAM) / 8;
        int rest = HeartbeatCodec.MAX_DATAGRAM - HeartbeatCodec.MIN_DATAGRAM - most * 8;
        String node = "a".repeat(1 + rest);
        Beat sent = new Beat(node, 1, 1, "b", 100, groups(most, ""), null, 0);
        byte[] datagram = encode(codec, sent);
        assertEquals(HeartbeatCodec.MAX_DATAGRAM, datagram.length);
        assertEquals(most, codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0).groups().size());
        assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new Beat(node, 1, 1, "b", 100, groups(most + 1, ""), null, 0)));
    }

    @Test
    void refusesToEncodeMoreThan1200Bytes() {
        List<GroupAnnouncement> groups = groups(17, utf8(63, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new Beat(utf8(64, "n"), 1, 1, utf8(64, "p"), 100, groups, null, 0)));
        assertTrue(e.getMessage().contains("1200"), e.getMessage());
    }

    @Test
    void refusesNamesThatDoNotFitTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(beat(utf8(65, "n"), 1, "public")));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(beat("node", 1, "x".repeat(63) + "é")));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(beat("", 1, "public")));
        assertThrows(IllegalArgumentException.class,
                () -> codec.encode(beat("node", 1, "public", group("bad\uD800", GroupState.UP, 1))));
    }

    @Test
    void canBeReusedAfterAFailedEncode() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(beat(utf8(65, "n"), 1, "public")));
        Beat sent = beat("node", 2, "public");
        assertEquals(sent.node(), codec.decode(ByteBuffer.wrap(encode(codec, sent)), SOURCE, 0).node());
    }

    @Test
    void decodesFromAnyPositionOfHeapAndDirectBuffers() throws Exception {
        byte[] datagram = encode(codec, beat("node", 3, "public", group("web", GroupState.UP, 9)));
        ByteBuffer heap = ByteBuffer.allocate(datagram.length + 20);
        heap.position(7).put(datagram).flip().position(7);
        ByteBuffer direct = ByteBuffer.allocateDirect(datagram.length).put(datagram).flip();

        assertEquals("web", codec.decode(heap, SOURCE, 0).groups().get(0).group());
        assertEquals(7, heap.position());
        assertEquals("web", codec.decode(direct, SOURCE, 0).groups().get(0).group());
        assertEquals("web", codec.decode(ByteBuffer.wrap(concat3(datagram)).slice(3, datagram.length), SOURCE, 0)
                .groups().get(0).group());
    }

    @Test
    void rejectsAnotherKey() {
        byte[] datagram = encode(new HeartbeatCodec("another key of at least 16 bytes".getBytes(StandardCharsets.UTF_8)),
                beat("node", 1, "public"));
        assertReason(Reason.BAD_MAC, datagram);
        MalformedBeatException e = assertThrows(MalformedBeatException.class, () -> codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0));
        assertEquals("node", e.claimedNode(), "a beat signed with another key names the node it claims to come from");
    }

    @Test
    void rejectsEveryFlippedBitAfterTheHeader() {
        byte[] valid = encode(codec, beat("node", 1, "public", group("web", GroupState.UP, 255)));
        for (int bit = 6 * 8; bit < valid.length * 8; bit++) {
            byte[] flipped = valid.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertReason(Reason.BAD_MAC, flipped);
        }
    }

    @Test
    void rejectsUnauthenticatedBeatsWhenConfiguredForHmac() {
        byte[] unauthenticated = encode(new HeartbeatCodec(null), beat("node", 1, "public"));
        assertEquals(0, unauthenticated[5]);
        assertReason(Reason.BAD_MAC, unauthenticated);
    }

    @Test
    void withoutAKeyAcceptsBeatsSignedOrNot() throws Exception {
        HeartbeatCodec none = new HeartbeatCodec(null);
        byte[] unauthenticated = encode(none, beat("node", 1, "public"));
        assertArrayEquals(new byte[16], Arrays.copyOfRange(unauthenticated, unauthenticated.length - 16, unauthenticated.length));
        assertEquals("node", none.decode(ByteBuffer.wrap(unauthenticated), SOURCE, 0).node());
        assertEquals("node", none.decode(ByteBuffer.wrap(encode(codec, beat("node", 2, "public"))), SOURCE, 0).node());
    }

    @Test
    void withoutAKeyRejectsAnUnauthenticatedBeatThatCarriesAMac() {
        byte[] datagram = encode(new HeartbeatCodec(null), beat("node", 1, "public"));
        datagram[datagram.length - 1] = 1;
        assertReason(new HeartbeatCodec(null), Reason.BAD_MAC, datagram);
    }

    @Test
    void rejectsBadFraming() {
        byte[] valid = encode(codec, beat("node", 1, "public"));
        byte[] magic = valid.clone();
        magic[0] = 'X';
        byte[] version = valid.clone();
        version[4] = 3;
        byte[] flags = sign(valid, KEY);
        flags[5] |= 4;

        assertReason(Reason.BAD_MAGIC, magic);
        assertReason(Reason.BAD_MAGIC, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertReason(Reason.BAD_VERSION, version);
        assertReason(Reason.BAD_VERSION, flags);
        assertReason(Reason.BAD_LENGTH, new byte[0]);
        assertReason(Reason.BAD_LENGTH, Arrays.copyOf(valid, 3));
        assertReason(Reason.BAD_LENGTH, Arrays.copyOf(valid, 4));
        assertReason(Reason.BAD_LENGTH, Arrays.copyOf(valid, HeartbeatCodec.MIN_DATAGRAM - 1));
        assertReason(Reason.BAD_LENGTH, sign(Arrays.copyOf(valid, HeartbeatCodec.MAX_DATAGRAM + 1), KEY));
    }

    @Test
    void roundTripsTheQuorumFlagsInBitsOneAndTwoOfTheFlagsByte() throws Exception {
        for (QuorumFlags flags : List.of(new QuorumFlags(true, true), new QuorumFlags(true, false), QuorumFlags.NONE)) {
            Beat sent = new Beat("pri", 7, 8, "public", 100, List.of(group("web", GroupState.UP, 255)), null, 0, flags);
            byte[] datagram = encode(codec, sent);
            int expected = 1 | (flags.used() ? 2 : 0) | (flags.reached() ? 4 : 0);
            assertEquals(expected, datagram[5], "flags byte for " + flags);
            assertEquals(flags, codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0).quorum());
            HeartbeatCodec none = new HeartbeatCodec(null);
            assertEquals(flags, none.decode(ByteBuffer.wrap(encode(none, sent)), SOURCE, 0).quorum(), "unauthenticated, " + flags);
        }
    }

    @Test
    void aDatagramOfANodeWithoutTheQuorumBitsDecodesAsUsingNoQuorum() throws Exception {
        byte[] old = encode(codec, beat("node", 1, "public", group("web", GroupState.UP, 255)));
        assertEquals(1, old[5], "a node without a quorum sends the flags byte as before: authenticated only");
        Beat received = codec.decode(ByteBuffer.wrap(old), SOURCE, 0);
        assertEquals(QuorumFlags.NONE, received.quorum());
        assertEquals("web", received.groups().get(0).group());
    }

    @Test
    void rejectsAQuorumReachedWithoutAQuorumAndUnknownFlags() {
        byte[] valid = encode(codec, beat("node", 1, "public"));
        for (int bits : new int[] {4, 8, 16, 128, 2 | 8}) {
            byte[] flags = valid.clone();
            flags[5] |= (byte) bits;
            assertReason(Reason.BAD_VERSION, sign(flags, KEY));
        }
    }

    @Test
    void rejectsTheFirstVersionOfTheFormat() {
        byte[] v1 = encode(codec, beat("node", 1, "public", group("web", GroupState.UP, 255)));
        v1[4] = 1;
        assertReason(Reason.BAD_VERSION, sign(v1, KEY));
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] valid = encode(codec, beat("node", 1, "public", group("web", GroupState.UP, 255)));
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertRejected(truncated);
            assertRejected(sign(truncated, KEY));
        }
    }

    @Test
    void rejectsAuthenticatedButMalformedContent() {
        byte[] valid = encode(codec, beat("node", 1, "public", group("web", GroupState.UP, 255)));
        List<Integer> lengths = Datagrams.lengthFields(valid);
        int nodeLength = lengths.get(0);
        int groupCount = lengths.get(2);
        int groupName = lengths.get(3);

        assertReason(Reason.BAD_LENGTH, resigned(valid, nodeLength, 0));
        assertReason(Reason.BAD_LENGTH, resigned(valid, nodeLength, 65));
        assertReason(Reason.BAD_LENGTH, resigned(valid, nodeLength, 5));
        assertReason(Reason.BAD_LENGTH, resigned(valid, groupCount + 1, 2));
        assertReason(Reason.BAD_LENGTH, resigned(valid, groupCount + 1, 0));
        assertReason(Reason.BAD_LENGTH, resigned(valid, groupCount, 0x7F));
        assertReason(Reason.BAD_LENGTH, resigned(valid, groupName + 1, 0xC3)); // a lone lead byte: not UTF-8
        assertReason(Reason.BAD_LENGTH, resigned(valid, groupName + 1, 0xFF));
        assertReason(Reason.BAD_VERSION, resigned(valid, groupName + 4, GroupState.values().length));
        assertReason(Reason.BAD_VERSION, resigned(valid, groupCount - 6, 0x80)); // interval beyond int
        assertReason(Reason.BAD_VERSION, resigned(valid, groupCount - 1, 0)); // no parts
        assertReason(Reason.BAD_VERSION, resigned(valid, groupCount - 2, 1)); // part 1 of 1
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        System.arraycopy(valid, valid.length - 16, trailing, trailing.length - 16, 16);
        trailing[valid.length - 16] = 0;
        assertReason(Reason.BAD_LENGTH, sign(trailing, KEY));
    }

    private static byte[] resigned(byte[] valid, int offset, int value) {
        byte[] changed = valid.clone();
        changed[offset] = (byte) value;
        return sign(changed, KEY);
    }

    private void assertReason(Reason expected, byte[] datagram) {
        assertReason(codec, expected, datagram);
    }

    private static void assertReason(HeartbeatCodec decoder, Reason expected, byte[] datagram) {
        MalformedBeatException e = assertThrows(MalformedBeatException.class,
                () -> decoder.decode(ByteBuffer.wrap(datagram), SOURCE, 0));
        assertEquals(expected, e.reason(), e.getMessage());
    }

    private void assertRejected(byte[] datagram) {
        assertThrows(MalformedBeatException.class, () -> codec.decode(ByteBuffer.wrap(datagram), SOURCE, 0));
    }

    private static List<GroupAnnouncement> groups(int count, String prefix) {
        List<GroupAnnouncement> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(group(count > 200 ? String.valueOf((char) ('A' + i % 26)) : prefix + i % 10, GroupState.STANDBY, 1));
        }
        return groups;
    }

    private static byte[] concat3(byte[] datagram) {
        return Datagrams.concat(Datagrams.concat(new byte[3], datagram), new byte[5]);
    }
}
