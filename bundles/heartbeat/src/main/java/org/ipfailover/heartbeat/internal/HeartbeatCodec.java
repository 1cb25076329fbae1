package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.MalformedBeatException.Reason.BAD_LENGTH;
import static org.ipfailover.heartbeat.internal.MalformedBeatException.Reason.BAD_MAC;
import static org.ipfailover.heartbeat.internal.MalformedBeatException.Reason.BAD_MAGIC;
import static org.ipfailover.heartbeat.internal.MalformedBeatException.Reason.BAD_VERSION;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.heartbeat.internal.MalformedBeatException.Reason;

/**
 * The v2 wire format (docs/wire-format.md): one part of a node's announcements per datagram. Not
 * thread-safe: one instance per sending or receiving thread, because it reuses its Mac, its
 * buffers, and holds the part numbers of the datagram it decoded last.
 *
 * <p>Longer than our classes usually are: encoding and decoding of the whole layout stand side by
 * side, so that they cannot drift apart.
 */
final class HeartbeatCodec {
    static final int MAGIC = 0x4950464F; // "IPFO"
    static final int VERSION = 2;
    static final int FLAG_AUTHENTICATED = 1;
    /** The sender uses a quorum (a GroupLease); set only then, since older nodes reject unknown bits. */
    static final int FLAG_QUORUM_USED = 2;
    /** The sender reaches its quorum now; only with {@link #FLAG_QUORUM_USED}. */
    static final int FLAG_QUORUM_REACHED = 4;
    private static final int KNOWN_FLAGS = FLAG_AUTHENTICATED | FLAG_QUORUM_USED | FLAG_QUORUM_REACHED;
    /** The quorum flags' two values besides none, made once: decoding allocates none. */
    private static final QuorumFlags NOT_REACHED = new QuorumFlags(true, false);
    private static final QuorumFlags REACHED = new QuorumFlags(true, true);
    static final int MAX_DATAGRAM = 1200;
    static final int MAX_NAME = 64;
    static final int MAC_LENGTH = 16;
    static final int MAX_PARTS = 255;
    /** Magic, version, flags, boot id, sequence, interval, part, parts, group count, and the two names' length bytes. */
    static final int FIXED_HEADER = 4 + 1 + 1 + 1 + 8 + 8 + 1 + 4 + 1 + 1 + 2;
    static final int MIN_DATAGRAM = FIXED_HEADER + 1 + 1 + MAC_LENGTH;
    /** Name length byte, state, priority, fingerprint: a group's bytes besides its name. */
    static final int GROUP_OVERHEAD = 1 + 1 + 1 + 4;
    private static final int MIN_GROUP = GROUP_OVERHEAD + 1;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] NO_MAC = new byte[MAC_LENGTH];
    private static final GroupState[] STATES = statesByCode();
    /** How many names' UTF-8 a codec keeps: a node sends the same few (its id, its networks, its groups') every beat. */
    static final int ENCODED_NAMES = 1024;

    private final Mac mac;
    private final ByteBuffer out = ByteBuffer.allocate(MAX_DATAGRAM);
    private final ByteBuffer name = ByteBuffer.allocate(MAX_NAME);
    private final CharBuffer chars = CharBuffer.allocate(MAX_NAME);
    private final byte[] digest = new byte[32];
    private final byte[] expected = new byte[MAC_LENGTH];
    private final byte[] received = new byte[MAC_LENGTH];
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Valid names as they were encoded; emptied when full. */
    private final Map<String, byte[]> encodedNames = new HashMap<>();
    private ByteBuffer in;
    private int at;
    private int end;
    private int part;
    private int parts = 1;
    private QuorumFlags quorum = QuorumFlags.NONE;

    /** @param key the shared key, or null for {@code auth = none} */
    HeartbeatCodec(byte[] key) {
        if (key == null) {
            mac = null;
            return;
        }
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    /**
     * @param beat what to send as a beat of one part; its source and reception time are ignored
     * @return the datagram, valid until the next call
     * @throws IllegalArgumentException see {@link #encode(Beat, int, int)}
     */
    ByteBuffer encode(Beat beat) {
        return encode(beat, 0, 1);
    }

    /**
     * @param beat what to send: the groups of this part only; its source and reception time are ignored
     * @param part this datagram's part of the beat, from 0
     * @param parts how many datagrams the beat takes, 1 to 255
     * @return the datagram, valid until the next call
     * @throws IllegalArgumentException when a name is empty, longer than 64 bytes or not valid
     *         Unicode, the part numbers are out of range, or the datagram would exceed 1200 bytes
     */
    ByteBuffer encode(Beat beat, int part, int parts) {
        List<GroupAnnouncement> groups = beat.groups();
        if (beat.intervalMillis() < 0) {
            throw new IllegalArgumentException("interval " + beat.intervalMillis() + " is negative");
        }
        if (parts < 1 || parts > MAX_PARTS || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts + ": a beat has 1 to " + MAX_PARTS + " parts");
        }
        if (MIN_DATAGRAM + groups.size() * MIN_GROUP > MAX_DATAGRAM) {
            throw tooLong(groups);
        }
        out.clear();
        out.putInt(MAGIC).put((byte) VERSION).put((byte) ((mac != null ? FLAG_AUTHENTICATED : 0) | quorumFlags(beat.quorum())));
        putName(beat.node(), "node id", groups);
        out.putLong(beat.bootId()).putLong(beat.sequence());
        putName(beat.network(), "network name", groups);
        out.putInt(beat.intervalMillis()).put((byte) part).put((byte) parts).putShort((short) groups.size());
        for (GroupAnnouncement group : groups) {
            putName(group.group(), "group name", groups);
            if (out.remaining() < GROUP_OVERHEAD - 1 + MAC_LENGTH) {
                throw tooLong(groups);
            }
            out.put((byte) group.state().code()).put((byte) group.priority()).putInt(group.fingerprint());
        }
        if (out.remaining() < MAC_LENGTH) {
            throw tooLong(groups);
        }
        if (mac == null) {
            out.put(NO_MAC);
        } else {
            mac.update(out.array(), 0, out.position());
            doFinal();
            out.put(digest, 0, MAC_LENGTH);
        }
        return out.flip();
    }

    private void putName(String text, String what, List<GroupAnnouncement> groups) {
        byte[] utf8 = encodedNames.get(text);
        if (utf8 == null) {
            utf8 = encodeName(text, what);
            if (encodedNames.size() >= ENCODED_NAMES) {
                encodedNames.clear();
            }
            encodedNames.put(text, utf8);
        }
        if (out.remaining() < 1 + utf8.length + MAC_LENGTH) {
            throw tooLong(groups);
        }
        out.put((byte) utf8.length).put(utf8);
    }

    private byte[] encodeName(String text, String what) {
        name.clear();
        encoder.reset();
        CoderResult result = encoder.encode(CharBuffer.wrap(text), name, true);
        if (result.isUnderflow()) {
            result = encoder.flush(name);
        }
        if (result.isOverflow()) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is longer than " + MAX_NAME + " bytes of UTF-8");
        }
        if (result.isError()) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not valid Unicode");
        }
        if (name.position() == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        byte[] utf8 = new byte[name.position()];
        name.flip().get(utf8);
        return utf8;
    }

    private static IllegalArgumentException tooLong(List<GroupAnnouncement> groups) {
        return new IllegalArgumentException(
                "a datagram announcing " + groups.size() + " groups would exceed " + MAX_DATAGRAM + " bytes");
    }

    /**
     * @param nodeBytes the node id's length in UTF-8
     * @param networkBytes the network name's length in UTF-8
     * @return the bytes of a datagram without its groups, its MAC included
     */
    static int emptyDatagram(int nodeBytes, int networkBytes) {
        return FIXED_HEADER + nodeBytes + networkBytes + MAC_LENGTH;
    }

    /** @return the bytes a group takes in a datagram */
    static int groupBytes(int nameBytes) {
        return GROUP_OVERHEAD + nameBytes;
    }

    /**
     * Checks the framing, then the MAC, and only then reads the fields.
     *
     * @param datagram the bytes from its position to its limit; the buffer is not modified
     * @param source where it came from
     * @param receivedNanos when it came
     * @return the beat it holds: the groups of its part only; {@link #part()} and {@link #parts()}
     *         tell which part it is
     * @throws MalformedBeatException for anything that is not a valid v2 beat for this receiver
     */
    Beat decode(ByteBuffer datagram, InetSocketAddress source, long receivedNanos) throws MalformedBeatException {
        int start = datagram.position();
        int length = datagram.remaining();
        if (length < 4) {
            throw malformed(BAD_LENGTH, length + " bytes");
        }
        if (datagram.getInt(start) != MAGIC) {
            throw malformed(BAD_MAGIC, "not a heartbeat");
        }
        if (length < 5) {
            throw malformed(BAD_LENGTH, length + " bytes");
        }
        int version = datagram.get(start + 4) & 0xFF;
        if (version != VERSION) {
            throw malformed(BAD_VERSION, "version " + version);
        }
        if (length < MIN_DATAGRAM || length > MAX_DATAGRAM) {
            throw malformed(BAD_LENGTH, length + " bytes");
        }
        int flags = datagram.get(start + 5) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0 || (flags & (FLAG_QUORUM_USED | FLAG_QUORUM_REACHED)) == FLAG_QUORUM_REACHED) {
            throw malformed(BAD_VERSION, "unknown flags " + Integer.toBinaryString(flags));
        }
        quorum = quorumOf(flags);
        in = datagram;
        at = start + 6;
        end = start + length - MAC_LENGTH;
        verify(start, (flags & FLAG_AUTHENTICATED) != 0);
        try {
            return readBeat(source, receivedNanos);
        } finally {
            in = null;
        }
    }

    private void verify(int start, boolean signed) throws MalformedBeatException {
        in.get(end, received);
        if (mac == null) {
            // without a key nothing can be verified: a node with auth = none accepts signed beats too
            if (!signed && !MessageDigest.isEqual(received, NO_MAC)) {
                throw malformed(BAD_MAC, "an unauthenticated beat with a MAC");
            }
            return;
        }
        if (!signed) {
            throw new MalformedBeatException(BAD_MAC, "not authenticated (this node requires hmac)", claimedNode());
        }
        if (in.hasArray()) {
            mac.update(in.array(), in.arrayOffset() + start, end - start);
        } else {
            mac.update(in.duplicate().limit(end).position(start));
        }
        doFinal();
        System.arraycopy(digest, 0, expected, 0, MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, received)) {
            throw new MalformedBeatException(BAD_MAC, "the MAC does not match (wrong key, or altered)", claimedNode());
        }
    }

    /** The node id a datagram that failed authentication claims: untrusted, only to name the sender. */
    private String claimedNode() {
        try {
            return readName("node id");
        } catch (MalformedBeatException unreadable) {
            return null;
        }
    }

    /** @return the part of the beat decoded last, from 0 */
    int part() {
        return part;
    }

    /** @return how many datagrams the beat decoded last takes */
    int parts() {
        return parts;
    }

    private Beat readBeat(InetSocketAddress source, long receivedNanos) throws MalformedBeatException {
        String node = readName("node id");
        long bootId = readLong();
        long sequence = readLong();
        String network = readName("network name");
        int interval = readInt();
        if (interval < 0) {
            throw malformed(BAD_VERSION, "interval " + Integer.toUnsignedString(interval) + " ms");
        }
        int thisPart = readByte();
        int allParts = readByte();
        if (allParts == 0 || thisPart >= allParts) {
            throw malformed(BAD_VERSION, "part " + thisPart + " of " + allParts);
        }
        int count = readShort();
        if (count * MIN_GROUP > end - at) {
            throw malformed(BAD_LENGTH, count + " groups cannot fit in " + (end - at) + " bytes");
        }
        GroupAnnouncement[] groups = new GroupAnnouncement[count];
        for (int i = 0; i < count; i++) {
            String group = readName("group name");
            int code = readByte();
            if (code >= STATES.length || STATES[code] == null) {
                throw malformed(BAD_VERSION, "unknown state code " + code + " for group " + group);
            }
            groups[i] = new GroupAnnouncement(group, STATES[code], readByte(), readInt());
        }
        if (at != end) {
            throw malformed(BAD_LENGTH, (end - at) + " bytes after the last group");
        }
        part = thisPart;
        parts = allParts;
        return new Beat(node, bootId, sequence, network, interval, List.of(groups), source, receivedNanos, quorum);
    }

    private static int quorumFlags(QuorumFlags quorum) {
        if (!quorum.used()) {
            return 0;
        }
        return FLAG_QUORUM_USED | (quorum.reached() ? FLAG_QUORUM_REACHED : 0);
    }

    private static QuorumFlags quorumOf(int flags) {
        if ((flags & FLAG_QUORUM_USED) == 0) {
            return QuorumFlags.NONE;
        }
        return (flags & FLAG_QUORUM_REACHED) != 0 ? REACHED : NOT_REACHED;
    }

    private String readName(String what) throws MalformedBeatException {
        int length = readByte();
        if (length == 0 || length > MAX_NAME) {
            throw malformed(BAD_LENGTH, what + " of " + length + " bytes");
        }
        need(length);
        name.clear();
        in.get(at, name.array(), 0, length);
        name.limit(length);
        at += length;
        chars.clear();
        decoder.reset();
        CoderResult result = decoder.decode(name, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError() || result.isOverflow()) {
            throw malformed(BAD_LENGTH, what + " is not UTF-8");
        }
        return chars.flip().toString();
    }

    private int readByte() throws MalformedBeatException {
        need(1);
        return in.get(at++) & 0xFF;
    }

    private int readShort() throws MalformedBeatException {
        need(2);
        int value = in.getShort(at) & 0xFFFF;
        at += 2;
        return value;
    }

    private int readInt() throws MalformedBeatException {
        need(4);
        int value = in.getInt(at);
        at += 4;
        return value;
    }

    private long readLong() throws MalformedBeatException {
        need(8);
        long value = in.getLong(at);
        at += 8;
        return value;
    }

    private void need(int bytes) throws MalformedBeatException {
        if (end - at < bytes) {
            throw malformed(BAD_LENGTH, "a field runs past the end");
        }
    }

    private void doFinal() {
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupState[] statesByCode() {
        int max = 0;
        for (GroupState state : GroupState.values()) {
            max = Math.max(max, state.code());
        }
        GroupState[] states = new GroupState[max + 1];
        for (GroupState state : GroupState.values()) {
            states[state.code()] = state;
        }
        return states;
    }

    private static MalformedBeatException malformed(Reason reason, String detail) {
        return new MalformedBeatException(reason, detail);
    }
}
