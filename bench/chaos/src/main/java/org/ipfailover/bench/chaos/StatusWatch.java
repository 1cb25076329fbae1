package org.ipfailover.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks every running node for {@code failover:status --json} every 200 ms and keeps, per node and
 * group, the state and since when it holds; a group's stay in a transitional state (TESTING,
 * ACQUIRING, RELEASING) is an episode, from its "since" to the "since" of the next state seen.
 */
final class StatusWatch {
    static final Set<String> TRANSITIONAL = Set.of("TESTING", "ACQUIRING", "RELEASING");
    private static final long POLL_MILLIS = 200;

    /** What a node said about a group at its latest answer. */
    record Seen(String state, long sinceMicros, long atMicros, int incarnation) {
    }

    /** A stay in a transitional state; {@code endMicros} is when it was last seen when the node went away first. */
    record Episode(String host, String group, String state, long startMicros, long endMicros, boolean ended) {
        long millis() {
            return (endMicros - startMicros) / 1000;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Seen> latest = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> decidingIncarnation = new ConcurrentHashMap<>();
    private final List<Episode> episodes = new ArrayList<>();
    private volatile boolean running = true;

    void start(List<Daemon> daemons) {
        for (Daemon daemon : daemons) {
            Thread poller = new Thread(() -> poll(daemon), "status-" + daemon.host());
            poller.setDaemon(true);
            poller.start();
        }
    }

    void stop() {
        running = false;
    }

    private void poll(Daemon daemon) {
        while (running) {
            if (daemon.running() && !daemon.paused()) {
                int incarnation = daemon.incarnation();
                String answer = daemon.ctl("failover:status --json", 1000);
                if (answer != null) {
                    try {
                        record(daemon.host(), incarnation, json.readTree(answer));
                    } catch (IOException e) {
                        Log.say(daemon.host() + ": failover:status --json did not parse: " + e.getMessage());
                    }
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record(String host, int incarnation, JsonNode status) {
        long now = Clock.nowMicros();
        answeredAt.put(host, now);
        if (status.path("deciding").asBoolean(false)) {
            decidingIncarnation.put(host, incarnation);
        } else {
            decidingIncarnation.remove(host);
        }
        for (JsonNode group : status.path("groups")) {
            String name = group.path("group").asText();
            String state = group.path("state").asText();
            long since = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(group.path("since").asText()));
            Seen before = latest.put(host + "/" + name, new Seen(state, since, now, incarnation));
            if (before != null && TRANSITIONAL.contains(before.state())
                    && (before.incarnation() != incarnation || before.sinceMicros() != since || !before.state().equals(state))) {
                boolean sameRun = before.incarnation() == incarnation;
                synchronized (episodes) {
                    episodes.add(new Episode(host, name, before.state(), before.sinceMicros(), sameRun ? since : before.atMicros(), sameRun));
                }
            }
        }
    }

    /** @return the node's latest answer about the group, or null */
    Seen seen(String host, String group) {
        return latest.get(host + "/" + group);
    }

    /** @return whether the node answered within the time */
    boolean answering(String host, long millis) {
        Long at = answeredAt.get(host);
        return at != null && Clock.nowMicros() - at <= millis * 1000;
    }

    /** @return whether the node's latest answer, given by its run {@code incarnation}, said it decides */
    boolean deciding(String host, int incarnation) {
        return decidingIncarnation.getOrDefault(host, -1) == incarnation;
    }

    /** The ended episodes, and those still open now (ended false), as long as they lasted so far. */
    List<Episode> episodes() {
        List<Episode> all;
        synchronized (episodes) {
            all = new ArrayList<>(episodes);
        }
        Map<String, Seen> open = new HashMap<>(latest);
        open.forEach((key, seen) -> {
            if (TRANSITIONAL.contains(seen.state())) {
                String[] parts = key.split("/", 2);
                all.add(new Episode(parts[0], parts[1], seen.state(), seen.sinceMicros(), seen.atMicros(), false));
            }
        });
        return all;
    }
}
