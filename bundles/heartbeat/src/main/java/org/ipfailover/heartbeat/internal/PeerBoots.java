package org.ipfailover.heartbeat.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest boot counter seen from each peer and that boot's highest sequence, kept in
 * {@code <state folder>/heartbeat.peers} across restarts of this node. A beat under a lower boot
 * counter is a replay, and so is, after a restart, one of the recorded boot at or below the
 * recorded sequence. The file is written by the caller's thread ({@link #save()}), never by a
 * receiver. Only a new peer, a risen boot counter and the last save are forced to disk: the
 * sequence that advances every beat is written every second without, so that an idle node does not
 * sync a file twice a second (a crash of the host may cost those last seconds, not the boots).
 */
final class PeerBoots {
    static final String FILE = "heartbeat.peers";
    /** Older-boot beats within this time that make a peer worth a log line: one straggler after a restart is not. */
    static final int OLDER_BEATS_TO_LOG = 3;
    private static final long STREAK_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(PeerBoots.class);
    private static final String HEADER = "#ipfailover heartbeat: per peer, the highest boot id seen and its highest sequence\n";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Map<String, Peer> peers = new HashMap<>();
    private final LogThrottle throttle = new LogThrottle();
    private final Object saving = new Object();
    private volatile Path file;
    private boolean dirty;
    private boolean durableDue;
    /** The file on disk may be older than the last write: it was not forced. */
    private boolean unforced;
    private String lastWriteProblem;

    private final Writer writer;

    private PeerBoots(Path file, Writer writer) {
        this.file = file;
        this.writer = writer;
    }

    /** How the file is replaced: {@link AtomicFile#write(Path, byte[], boolean)}. */
    @FunctionalInterface
    interface Writer {
        void write(Path file, byte[] content, boolean durable) throws IOException;
    }

    /**
     * @param file the file to read, and to write from now on
     * @param warn gets one line when the file cannot be used, wholly or in part
     */
    static PeerBoots load(Path file, Consumer<String> warn) {
        return load(file, warn, AtomicFile::write);
    }

    static PeerBoots load(Path file, Consumer<String> warn, Writer writer) {
        PeerBoots boots = new PeerBoots(file, writer);
        Properties recorded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            recorded.load(reader);
        } catch (NoSuchFileException first) {
            return boots;
        } catch (IOException | IllegalArgumentException e) {
            warn.accept("Heartbeat cannot read " + file + " (" + e + "): beats recorded before this start are not "
                    + "recognized as replays; the file is written anew");
            return boots;
        }
        List<String> unusable = new ArrayList<>();
        for (String node : recorded.stringPropertyNames()) {
            String[] value = recorded.getProperty(node).trim().split("\\s+");
            try {
                if (value.length != 2) {
                    throw new NumberFormatException();
                }
                boots.peers.put(node, new Peer(Long.parseUnsignedLong(value[0], 16), Long.parseUnsignedLong(value[1])));
            } catch (NumberFormatException e) {
                unusable.add(node);
            }
        }
        if (!unusable.isEmpty()) {
            warn.accept("Heartbeat ignores the entries of " + unusable + " in " + file
                    + ": expected node=<boot id in hex> <sequence>");
        }
        return boots;
    }

    /** @param next where {@link #save()} writes from now on */
    void use(Path next) {
        if (!next.equals(file)) {
            file = next;
            synchronized (this) {
                dirty = true;
                durableDue = true;
            }
        }
    }

    /**
     * @return false for a replay: a lower boot counter than the highest seen from the node, or,
     *         for the boot counter recorded before this start, a sequence at or below the recorded one
     */
    synchronized boolean admits(String node, long bootId, long sequence, long nowNanos) {
        Peer peer = peers.get(node);
        if (peer == null) {
            return true;
        }
        long counter = BootSequence.counter(bootId);
        long highest = BootSequence.counter(peer.bootId);
        if (counter < highest) {
            olderBoot(node, peer, counter, highest, nowNanos);
            return false;
        }
        return counter != peer.recordedCounter || Long.compareUnsigned(sequence, peer.recordedSequence) > 0;
    }

    /**
     * Records a beat that was taken.
     *
     * @return whether it raised the node's boot counter: worth writing the file at once
     */
    synchronized boolean record(String node, long bootId, long sequence) {
        Peer peer = peers.get(node);
        if (peer == null) {
            peers.put(node, new Peer(bootId, sequence, -1, 0));
            dirty = true;
            durableDue = true;
            return true;
        }
        long counter = BootSequence.counter(bootId);
        long highest = BootSequence.counter(peer.bootId);
        if (counter > highest || counter == highest && Long.compareUnsigned(sequence, peer.sequence) > 0) {
            peer.bootId = bootId;
            peer.sequence = sequence;
            dirty = true;
        }
        if (counter > highest) {
            durableDue = true;
            return true;
        }
        return false;
    }

    /**
     * Writes the file when something changed since the last write, forced to disk when a peer or a
     * boot is new since the last forced write; logs a failure once until a write succeeds.
     */
    void save() {
        save(false);
    }

    /** Writes what changed, or what was last written without being forced, forced to disk: the heartbeat stops. */
    void saveDurably() {
        save(true);
    }

    private void save(boolean last) {
        synchronized (saving) {
            StringBuilder text = new StringBuilder(HEADER);
            Path target;
            boolean durable;
            synchronized (this) {
                if (!dirty && !(last && unforced)) {
                    return;
                }
                peers.forEach((node, peer) -> line(text, node, peer));
                dirty = false;
                durable = durableDue || last;
                durableDue = false;
                target = file;
            }
            try {
                writer.write(target, text.toString().getBytes(StandardCharsets.UTF_8), durable);
                synchronized (this) {
                    unforced = !durable;
                }
                lastWriteProblem = null;
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                    durableDue |= durable;
                }
                if (!e.toString().equals(lastWriteProblem)) {
                    LOG.error("Heartbeat cannot write {} ({}): after a restart, this node could take beats of its peers "
                            + "recorded before it; make {} writable by the node's user", target, e, target.getParent());
                }
                lastWriteProblem = e.toString();
            }
        }
    }

    /**
     * One line as {@link Properties#store} writes it, {@code node=<boot id in hex> <sequence>},
     * without its formatter: the file is written every second, mostly by code not compiled yet.
     */
    private static void line(StringBuilder text, String node, Peer peer) {
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            switch (c) {
                case '\\', '=', ':', '#', '!', ' ' -> text.append('\\').append(c);
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        text.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('=');
        String boot = Long.toHexString(peer.bootId);
        for (int pad = boot.length(); pad < 16; pad++) {
            text.append('0');
        }
        text.append(boot).append(' ').append(Long.toUnsignedString(peer.sequence)).append('\n');
    }

    private void olderBoot(String node, Peer peer, long counter, long highest, long nowNanos) {
        if (nowNanos - peer.olderSince > STREAK_NANOS) {
            peer.olderSince = nowNanos;
            peer.olderBeats = 0;
        }
        if (++peer.olderBeats < OLDER_BEATS_TO_LOG) {
            return;
        }
        long dropped = throttle.due(node, nowNanos);
        if (dropped > 0) {
            LOG.warn("Heartbeat: node {} keeps sending beats under boot counter {}, below the {} seen from it before "
                    + "(kept in {}): they are dropped as replays ({} since the last line). Either recorded beats are "
                    + "being replayed, or {}'s counter went back (its state folder was lost and its clock is behind): "
                    + "then write {} into heartbeat.boot in {}'s state folder and restart it", node, counter, highest,
                    file, dropped, node, highest + 1, node);
        }
    }

    private static final class Peer {
        long bootId;
        long sequence;
        /** The boot counter and sequence read from the file at start, or -1. */
        final long recordedCounter;
        final long recordedSequence;
        long olderSince;
        int olderBeats;

        Peer(long bootId, long sequence) {
            this(bootId, sequence, BootSequence.counter(bootId), sequence);
        }

        Peer(long bootId, long sequence, long recordedCounter, long recordedSequence) {
            this.bootId = bootId;
            this.sequence = sequence;
            this.recordedCounter = recordedCounter;
            this.recordedSequence = recordedSequence;
        }
    }
}
