package org.ipfailover.heartbeat.internal;

import static org.ipfailover.heartbeat.internal.Datagrams.KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.heartbeat.internal.MalformedBeatException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder random and mutated datagrams: it must return a beat or throw
 * {@link MalformedBeatException}, nothing else, and never hang. Run another seed with
 * {@code -Dfuzz.seed=...}.
 */
class HeartbeatCodecFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x1694_2026_0001L);
    private static final int DATAGRAMS = 1_000_000;
    private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 1694);
    private static final String[] NAME_PARTS = {"a", "web", "é", "東京", "🚀", "-", "0", "x".repeat(20)};

    private final Random random = new Random(SEED);
    private final HeartbeatCodec keyed = new HeartbeatCodec(KEY);
    private final HeartbeatCodec unkeyed = new HeartbeatCodec(null);
    private final HeartbeatCodec reencoder = new HeartbeatCodec(KEY);
    private final Map<Reason, Integer> rejected = new EnumMap<>(Reason.class);
    private int accepted;

    @Test
    void decoderOnlyEverReturnsABeatOrThrowsMalformedBeatException() {
        List<byte[]> valid = validDatagrams(256);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < DATAGRAMS; i++) {
                boolean withKey = random.nextInt(8) != 0;
                byte[] datagram = switch (i % 4) {
                    case 0 -> randomBytes();
                    case 1 -> withHeader(randomBytes());
                    case 2 -> mutate(pick(valid));
                    default -> Datagrams.sign(mutate(pick(valid)), KEY);
                };
                decode(withKey ? keyed : unkeyed, datagram, i);
            }
        }, "seed " + SEED);
        String summary = "seed " + SEED + ": accepted " + accepted + ", rejected " + rejected;
        System.out.println("HeartbeatCodecFuzzTest " + summary);
        assertTrue(accepted > 1000, summary);
        for (Reason reason : Reason.values()) {
            assertTrue(rejected.getOrDefault(reason, 0) > 1000, summary);
        }
    }

    private void decode(HeartbeatCodec decoder, byte[] datagram, int index) {
        Beat beat;
        try {
            beat = decoder.decode(ByteBuffer.wrap(datagram), SOURCE, 0);
        } catch (MalformedBeatException e) {
            rejected.merge(e.reason(), 1, Integer::sum);
            return;
        } catch (Throwable t) {
            throw new AssertionError("seed " + SEED + ", datagram " + index + " (" + HexFormat.of().formatHex(datagram)
                    + "): the decoder threw " + t, t);
        }
        accepted++;
        if (decoder == keyed) {
            assertArrayEquals(datagram, Datagrams.encode(reencoder, beat, decoder.part(), decoder.parts()),
                    () -> "seed " + SEED + ", datagram " + index + ": a decoded beat does not encode to its datagram");
        }
    }

    private List<byte[]> validDatagrams(int count) {
        List<byte[]> datagrams = new ArrayList<>();
        while (datagrams.size() < count) {
            List<GroupAnnouncement> groups = new ArrayList<>();
            int groupCount = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(4);
            for (int g = 0; g < groupCount; g++) {
                groups.add(new GroupAnnouncement(name(), GroupState.values()[random.nextInt(GroupState.values().length)],
                        random.nextInt(256), random.nextBoolean() ? 0 : random.nextInt()));
            }
            Beat beat = new Beat(name(), random.nextLong(), random.nextLong(), name(), random.nextInt(Integer.MAX_VALUE),
                    groups, null, 0);
            int parts = random.nextInt(3) == 0 ? 1 + random.nextInt(255) : 1;
            try {
                datagrams.add(Datagrams.encode(random.nextInt(4) == 0 ? unkeyed : keyed, beat, random.nextInt(parts), parts));
            } catch (IllegalArgumentException tooLong) {
                // try another
            }
        }
        return datagrams;
    }

    private String name() {
        StringBuilder name = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            name.append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]);
        }
        if (name.length() > 30) {
            name.setLength(Character.isHighSurrogate(name.charAt(29)) ? 29 : 30);
        }
        return name.toString();
    }

    private byte[] randomBytes() {
        int length = random.nextInt(4) == 0 ? random.nextInt(1300) : random.nextInt(120);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] withHeader(byte[] bytes) {
        byte[] header = {'I', 'P', 'F', 'O', HeartbeatCodec.VERSION, (byte) random.nextInt(2)};
        System.arraycopy(header, 0, bytes, 0, Math.min(header.length, bytes.length));
        return bytes;
    }

    private byte[] pick(List<byte[]> valid) {
        return valid.get(random.nextInt(valid.size())).clone();
    }

    private byte[] mutate(byte[] datagram) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            datagram = switch (random.nextInt(7)) {
                case 0 -> flipBits(datagram);
                case 1 -> Arrays.copyOf(datagram, random.nextInt(datagram.length + 1));
                case 2 -> Arrays.copyOf(datagram, datagram.length + 1 + random.nextInt(40));
                case 3 -> corruptLength(datagram);
                case 4 -> insertOrDelete(datagram);
                case 5 -> setByte(datagram);
                default -> datagram;
            };
        }
        return datagram;
    }

    private byte[] flipBits(byte[] datagram) {
        if (datagram.length > 0) {
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                datagram[random.nextInt(datagram.length)] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return datagram;
    }

    private byte[] corruptLength(byte[] datagram) {
        List<Integer> fields;
        try {
            fields = new ArrayList<>(Datagrams.lengthFields(datagram));
            fields.add(Datagrams.partField(datagram));
            fields.add(Datagrams.partField(datagram) + 1);
        } catch (ArrayIndexOutOfBoundsException alreadyMangled) {
            return flipBits(datagram);
        }
        int field = fields.get(random.nextInt(fields.size()));
        if (field >= datagram.length) {
            return datagram;
        }
        int value = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 0xFF;
            case 2 -> (datagram[field] & 0xFF) + (random.nextBoolean() ? 1 : -1);
            default -> random.nextInt(256);
        };
        datagram[field] = (byte) value;
        return datagram;
    }

    private byte[] insertOrDelete(byte[] datagram) {
        int at = random.nextInt(datagram.length + 1);
        if (random.nextBoolean() && at < datagram.length) {
            byte[] shorter = new byte[datagram.length - 1];
            System.arraycopy(datagram, 0, shorter, 0, at);
            System.arraycopy(datagram, at + 1, shorter, at, datagram.length - at - 1);
            return shorter;
        }
        byte[] longer = new byte[datagram.length + 1];
        System.arraycopy(datagram, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(datagram, at, longer, at + 1, datagram.length - at);
        return longer;
    }

    private byte[] setByte(byte[] datagram) {
        if (datagram.length > 0) {
            datagram[random.nextInt(datagram.length)] = (byte) random.nextInt(256);
        }
        return datagram;
    }
}
