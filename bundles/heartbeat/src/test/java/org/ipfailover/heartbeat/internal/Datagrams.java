package org.ipfailover.heartbeat.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;

/** Test helpers that build and re-sign datagrams independently of the codec. */
final class Datagrams {
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private Datagrams() {
    }

    static byte[] encode(HeartbeatCodec codec, Beat beat) {
        return encode(codec, beat, 0, 1);
    }

    static byte[] encode(HeartbeatCodec codec, Beat beat, int part, int parts) {
        ByteBuffer datagram = codec.encode(beat, part, parts);
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        return bytes;
    }

    static Beat beat(String node, long sequence, String network, GroupAnnouncement... groups) {
        return new Beat(node, 0x0123456789abcdefL, sequence, network, 100, List.of(groups), null, 0);
    }

    static GroupAnnouncement group(String name, GroupState state, int priority) {
        return new GroupAnnouncement(name, state, priority);
    }

    /** Writes HMAC-SHA256 of everything before the last 16 bytes into them, and sets the authenticated flag. */
    static byte[] sign(byte[] datagram, byte[] key) {
        byte[] signed = datagram.clone();
        if (signed.length < 6 + 16) {
            return signed;
        }
        signed[5] |= 1;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(signed, 0, signed.length - 16);
            System.arraycopy(mac.doFinal(), 0, signed, signed.length - 16, 16);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return signed;
    }

    static GroupAnnouncement group(String name, GroupState state, int priority, int fingerprint) {
        return new GroupAnnouncement(name, state, priority, fingerprint);
    }

    /**
     * @return the offsets of the node id's and the network name's u8 lengths, of the u16 group
     *         count, and of each group name's u8 length, of a valid datagram
     */
    static List<Integer> lengthFields(byte[] valid) {
        List<Integer> offsets = new ArrayList<>();
        int at = 6;
        offsets.add(at);
        at += 1 + (valid[at] & 0xFF) + 16;
        offsets.add(at);
        at += 1 + (valid[at] & 0xFF) + 4 + 1 + 1;
        offsets.add(at);
        int groups = (valid[at] & 0xFF) << 8 | valid[at + 1] & 0xFF;
        at += 2;
        for (int i = 0; i < groups; i++) {
            offsets.add(at);
            at += 1 + (valid[at] & 0xFF) + 6;
        }
        return offsets;
    }

    /** @return the offset of the part number of a valid datagram; the number of parts follows it */
    static int partField(byte[] valid) {
        return lengthFields(valid).get(2) - 2;
    }

    static String utf8(int bytes, String unit) {
        StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length + unit.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            text.append(unit);
        }
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            text.append('x');
        }
        return text.toString();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
