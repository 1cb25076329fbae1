package org.ipfailover.heartbeat.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The heartbeat's counters, kept for the component's lifetime (across restarts of its sockets). */
final class Counters {
    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sendFailures = new ConcurrentHashMap<>();

    void accepted(String network) {
        count(accepted, network);
    }

    void dropped(String reason) {
        count(dropped, reason);
    }

    void sent(String network) {
        count(sent, network);
    }

    void sendFailed(String network) {
        count(sendFailures, network);
    }

    Map<String, Long> accepted() {
        return snapshot(accepted);
    }

    Map<String, Long> dropped() {
        return snapshot(dropped);
    }

    Map<String, Long> sent() {
        return snapshot(sent);
    }

    Map<String, Long> sendFailures() {
        return snapshot(sendFailures);
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((key, counter) -> snapshot.put(key, counter.sum()));
        return snapshot;
    }
}
