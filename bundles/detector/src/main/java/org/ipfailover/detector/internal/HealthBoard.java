package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.LinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's health for each of its groups: the checks guarding a group and the links of its
 * interfaces, each tallied, combined into one {@link Health} per group that the group's state
 * machine acts on (docs/detector.md, "Health"). Decision thread only, but for {@link #status}.
 */
final class HealthBoard {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    /** Whether interfaces are watched: no backend to ask yet, asking, watched, or not watchable. */
    enum Watching { NO_BACKEND, STARTING, WATCHED, UNWATCHED }

    private final DetectorSettings settings;
    private final GroupTable table;
    private final DecisionThread thread;
    private final EventPublisher publisher;
    private final Runnable changed;
    private final Map<String, CheckTally> checks = new TreeMap<>();
    private final Map<String, LinkTally> links = new TreeMap<>();
    private final Set<String> warnedStrangers = new HashSet<>();
    private Watching watching = Watching.NO_BACKEND;
    private String unwatchedReason = "no network backend yet";

    /** @param changed told when a group's health changed: announce and decide */
    HealthBoard(DetectorSettings settings, GroupTable table, DecisionThread thread, EventPublisher publisher, Runnable changed) {
        this.settings = settings;
        this.table = table;
        this.thread = thread;
        this.publisher = publisher;
        this.changed = changed;
    }

    // ---- checks

    /** The checks there are now: new ones start PENDING, gone ones stop guarding. */
    void checks(List<CheckDefinition> current) {
        long now = Clock.millis();
        Map<String, CheckDefinition> byName = new TreeMap<>();
        for (CheckDefinition definition : current) {
            CheckDefinition twin = byName.putIfAbsent(definition.name(), definition);
            if (twin != null) {
                LOG.warn("Two health checks are named {} (services {} and {}): only the first guards its groups; give them distinct hc.name",
                        definition.name(), twin.serviceId(), definition.serviceId());
            }
        }
        checks.keySet().retainAll(byName.keySet());
        for (CheckDefinition definition : byName.values()) {
            CheckTally tally = checks.get(definition.name());
            if (tally == null || tally.definition().serviceId() != definition.serviceId()) {
                checks.put(definition.name(), new CheckTally(definition, now));
                LOG.info("Health check {} guards {} (every {} ms, timeout {} ms, rise {}, fall {})", definition.name(),
                        definition.groups(), definition.intervalMillis(), definition.timeoutMillis(), definition.rise(), definition.fall());
            } else {
                tally.definition(definition);
            }
        }
        warnStrangers();
        refresh();
    }

    /** A run of a check ended. */
    void result(CheckDefinition definition, boolean passed, String output) {
        CheckTally tally = checks.get(definition.name());
        if (tally == null || tally.definition().serviceId() != definition.serviceId()) {
            return; // a late result of a check that is gone
        }
        Health before = tally.health();
        if (!tally.record(passed, output, Clock.millis())) {
            return;
        }
        if (tally.health() == Health.UNHEALTHY || before == Health.UNHEALTHY) {
            Type type = tally.health() == Health.UNHEALTHY ? Type.HEALTH_FAILED : Type.HEALTH_RECOVERED;
            for (String group : definition.groups()) {
                if (table.contains(group)) {
                    tell(type, group, tally.name(), tally.output(), tally.summary());
                }
            }
        }
        refresh();
    }

    // ---- links

    void watching(Watching next, String reason) {
        watching = next;
        unwatchedReason = reason == null ? "" : reason;
        refresh();
    }

    void link(LinkState state) {
        link(state, Clock.millis());
    }

    private void link(LinkState state, long now) {
        LinkTally tally = links.computeIfAbsent(state.device(), device -> new LinkTally(device, now));
        Health before = tally.health();
        boolean changedNow = tally.report(state, now);
        long ends = tally.debounceEnds(settings.linkDebounceMillis());
        if (ends >= 0) {
            thread.schedule(() -> debounce(state.device()), Math.max(0, ends - now) * 1_000_000L);
        }
        if (changedNow) {
            linkChanged(state.device(), tally, before);
        }
    }

    private void debounce(String device) {
        LinkTally tally = links.get(device);
        Health before = tally == null ? null : tally.health();
        if (tally != null && tally.debounce(Clock.millis(), settings.linkDebounceMillis())) {
            linkChanged(device, tally, before);
        }
    }

    private void linkChanged(String device, LinkTally tally, Health before) {
        Health health = tally.health();
        if (health == Health.UNHEALTHY || before == Health.UNHEALTHY) {
            Type type = health == Health.UNHEALTHY ? Type.HEALTH_FAILED : Type.HEALTH_RECOVERED;
            String summary = health == Health.UNHEALTHY ? "down for " + settings.linkDebounceMillis() + " ms or more" : "the interface is up";
            for (GroupStateMachine machine : table.all()) {
                if (machine.settings().trackedDevices().contains(device)) {
                    tell(type, machine.settings().name(), tally.check(), tally.output(), summary);
                }
            }
        }
        refresh();
    }

    // ---- groups

    /** Gives every group its health now; announces and decides when one changed. */
    void refresh() {
        if (watching == Watching.WATCHED) {
            long now = Clock.millis();
            for (String device : trackedDevices()) {
                if (!links.containsKey(device)) {
                    link(new LinkState(device, false, "no such interface"), now); // unhealthy after the debounce
                }
            }
        }
        boolean any = false;
        for (GroupStateMachine machine : table.all()) {
            Verdict verdict = verdict(machine.settings());
            any |= machine.health(verdict.health(), verdict.reason());
        }
        if (any) {
            changed.run();
        }
    }

    private record Verdict(Health health, String reason) {
    }

    private Verdict verdict(GroupSettings group) {
        Verdict worst = new Verdict(Health.HEALTHY, "");
        for (CheckTally tally : checks.values()) {
            if (tally.definition().groups().contains(group.name())) {
                worst = worse(worst, tally.health(), tally.name() + ": " + tally.output());
            }
        }
        if (watching == Watching.WATCHED || watching == Watching.STARTING) {
            for (String device : group.trackedDevices()) {
                LinkTally tally = links.get(device);
                worst = tally == null ? worse(worst, Health.PENDING, "link:" + device + ": not reported yet")
                        : worse(worst, tally.health(), tally.check() + ": " + tally.output());
            }
        }
        return worst;
    }

    private static Verdict worse(Verdict so, Health health, String reason) {
        if (health == Health.UNHEALTHY && so.health() != Health.UNHEALTHY
                || health == Health.PENDING && so.health() == Health.HEALTHY) {
            return new Verdict(health, reason);
        }
        return so;
    }

    private Set<String> trackedDevices() {
        Set<String> devices = new java.util.TreeSet<>();
        for (GroupStateMachine machine : table.all()) {
            devices.addAll(machine.settings().trackedDevices());
        }
        return devices;
    }

    private void warnStrangers() {
        for (CheckTally tally : checks.values()) {
            for (String group : tally.definition().groups()) {
                if (!table.contains(group) && warnedStrangers.add(tally.name() + "/" + group)) {
                    LOG.warn("Health check {} guards group {}, which this node does not have (groups: {})", tally.name(), group,
                            table.all().stream().map(m -> m.settings().name()).toList());
                }
            }
        }
    }

    private void tell(Type type, String group, String check, String output, String summary) {
        publisher.health(type, table.get(group), check, output, summary);
    }

    /** Every check and tracked interface, by group then name. */
    List<HealthStatus> status() {
        long now = Clock.millis();
        long wall = System.currentTimeMillis();
        List<HealthStatus> list = new ArrayList<>();
        for (GroupStateMachine machine : table.all()) {
            String group = machine.settings().name();
            for (CheckTally tally : checks.values()) {
                if (tally.definition().groups().contains(group)) {
                    list.add(tally.status(group, wall, now));
                }
            }
            for (String device : machine.settings().trackedDevices()) {
                LinkTally tally = links.get(device);
                if (watching == Watching.UNWATCHED || watching == Watching.NO_BACKEND) {
                    list.add(new HealthStatus(group, "link:" + device, Health.HEALTHY, 0, 0, "not watched: " + unwatchedReason, wall));
                } else if (tally == null) {
                    list.add(new HealthStatus(group, "link:" + device, Health.PENDING, 0, 0, "not reported yet", wall));
                } else {
                    list.add(tally.status(group, wall, now));
                }
            }
        }
        return list;
    }
}
