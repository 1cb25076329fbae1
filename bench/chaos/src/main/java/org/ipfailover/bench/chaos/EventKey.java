package org.ipfailover.bench.chaos;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What identifies an event in a node's history and in the mail it sent: the node, the type, the
 * group (or the peer, or the node for the node's own events), the state change when it has both
 * ends, and the event's time to the millisecond.
 */
record EventKey(String node, String type, String target, String change, long epochMillis) {
    private static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter MAIL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS XXX");

    /** From a row of {@code failover:history}: times in the node's zone (the same as this program's), "-" for none. */
    static EventKey ofHistory(String node, String time, String type, String target, String change) {
        long millis = LocalDateTime.parse(time, HISTORY_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        String who = target.isEmpty() || target.equals("-") ? node : target;
        return new EventKey(node, type, who, change.replace(" ", ""), millis);
    }

    /** From a subject made by {@link NodeHome#MAIL_SUBJECT}: node|type|target|from|to|time; null when it is not one. */
    static EventKey ofSubject(String subject) {
        String[] parts = subject.split("\\|");
        if (parts.length != 6) {
            return null;
        }
        String change = parts[3].equals("-") || parts[4].equals("-") ? "" : parts[3] + "->" + parts[4];
        long millis = OffsetDateTime.parse(parts[5].trim(), MAIL_TIME).toInstant().toEpochMilli();
        return new EventKey(parts[0].trim(), parts[1], parts[2], change, millis);
    }

    long micros() {
        return epochMillis * 1000;
    }

    @Override
    public String toString() {
        return node + " " + type + " " + target + (change.isEmpty() ? "" : " " + change) + " at " + Instant.ofEpochMilli(epochMillis);
    }
}
