package org.ipfailover.detector.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Beat;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.detector.internal.Step.Effect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's engine. One decision thread owns every group's state machine: it reacts to
 * beats that change what a peer announces, to pipeline outcomes and to operator commands, and
 * ticks when a deadline falls (a peer's last beat plus the dead time, a group's timer), at least
 * every {@link #maxTickMillis} ms. Pipelines run on threads of their own and report back to it.
 */
final class Detector {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    /** The longest a tick waits, for a dead time of 400 ms or more; a quarter of shorter ones. */
    static final long MAX_TICK_MILLIS = 100;
    /** How long groups keep listening for a network backend after the detector starts. */
    static final long BACKEND_WAIT_MILLIS = 5_000;

    /** The services the detector uses, as they are at each moment. */
    interface Services {
        List<RankedAction> actions();

        NetworkBackend backend();

        List<FailoverListener> listeners();

        /** What this node announces has changed: beat now. */
        void announcementsChanged();
    }

    private final DetectorSettings settings;
    private final Services services;
    private final PeerTable peers;
    private final StateJournal journal;
    private final Map<String, GroupState> journaled;
    private final ScheduledExecutorService decider;
    private final ExecutorService pipelines;
    private final ExecutorService actionRunner;
    private final ExecutorService eventDelivery;
    private final Pipeline pipeline;
    private final EventLog events;
    private final Map<String, GroupStateMachine> groups = new TreeMap<>();
    private final Map<String, Boolean> peerAlive = new HashMap<>();
    private final Map<String, Boolean> peerAnomaly = new HashMap<>();
    private final Map<String, Boolean> peerUnauthenticated = new HashMap<>();
    private final AtomicBoolean decisionPending = new AtomicBoolean();
    private final Set<String> pendingReconcile = new LinkedHashSet<>();
    private volatile List<GroupAnnouncement> announcements = List.of();
    private volatile Set<String> peerNodes = Set.of();
    private volatile boolean stopping;
    private volatile boolean leaving;
    private long startedMillis;
    private long tickDue;
    private long convictAfter;

    Detector(DetectorSettings settings, Services services) {
        this.settings = settings;
        this.services = services;
        this.peers = new PeerTable(settings.networks(), settings.deadMillis());
        this.journal = new StateJournal(settings.stateFolder());
        this.journaled = journal.read();
        ScheduledThreadPoolExecutor decisions = new ScheduledThreadPoolExecutor(1, Threads.named("ipfailover-detector"));
        decisions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the pending tick goes with the detector
        this.decider = decisions;
        this.pipelines = Executors.newCachedThreadPool(Threads.named("ipfailover-pipeline"));
        this.actionRunner = Executors.newCachedThreadPool(Threads.named("ipfailover-action"));
        this.eventDelivery = Executors.newSingleThreadExecutor(Threads.named("ipfailover-events"));
        this.pipeline = new Pipeline(actionRunner);
        this.events = new EventLog(eventDelivery, services::listeners);
    }

    /** Starts deciding; returns once the first announcements (the groups, their journaled states) are ready. */
    void start() {
        startedMillis = millis();
        call(() -> {
            publishAnnouncements();
            return null;
        });
        convictAfter = now();
        tickDue = convictAfter;
        decide(this::tick);
        LOG.info("Detector started: node {}, networks {}, dead time {} ms, journal in {}", settings.node(),
                settings.networks(), settings.deadMillis(), settings.stateFolder());
    }

    /**
     * @param releaseHeld whether to release the groups held here (the node stops) or keep them
     *        configured (the detector is replaced or reconfigured: the next one resumes them)
     */
    void stop(boolean releaseHeld) {
        stopping = true;
        if (releaseHeld) {
            leaving = true;
            call(() -> {
                publishAnnouncements();
                for (GroupStateMachine machine : groups.values()) {
                    if (machine.state() == GroupState.UP) {
                        apply(machine, machine.releaseForStop(millis()));
                    }
                }
                return null;
            });
            awaitIdle(30_000);
        }
        decider.shutdown();
        await(decider, 5_000);
        pipelines.shutdown();
        await(pipelines, releaseHeld ? 30_000 : 5_000);
        actionRunner.shutdownNow();
        eventDelivery.shutdown();
        await(eventDelivery, 2_000);
    }

    // ---- inputs

    void beat(Beat beat) {
        if (peers.record(beat) && decisionPending.compareAndSet(false, true)) {
            decide(() -> {
                decisionPending.set(false);
                long now = now();
                if (now - convictAfter >= 0) {
                    watchPeers(now); // PEER_FOUND before what the decision does about it
                }
                decideAll();
            });
        }
    }

    void unauthenticated(String node, long receivedNanos) {
        peers.recordUnauthenticated(node, receivedNanos);
    }

    void addGroup(GroupSettings group) {
        decide(() -> add(group));
    }

    void removeGroup(String name) {
        decide(() -> remove(name));
    }

    void backendChanged() {
        decide(() -> {
            if (services.backend() != null) {
                for (String name : List.copyOf(pendingReconcile)) {
                    GroupStateMachine machine = groups.get(name);
                    if (machine != null && machine.state() == GroupState.UP) {
                        effect(machine, Effect.RECONCILE);
                    }
                }
                pendingReconcile.clear();
            }
        });
    }

    List<GroupAnnouncement> announcements() {
        return announcements;
    }

    Set<String> peerNodes() {
        return peerNodes;
    }

    String node() {
        return settings.node();
    }

    // ---- operator commands and views (run on the decision thread)

    String command(String group, String verb) {
        return call(() -> {
            GroupStateMachine machine = machine(group);
            long now = millis();
            Step step = switch (verb) {
                case "takeover" -> machine.takeover(views(machine), now);
                case "release" -> machine.release(now);
                case "fail" -> machine.fail(now);
                case "recover" -> machine.recover(now);
                default -> throw new IllegalArgumentException("unknown command " + verb);
            };
            apply(machine, step);
            return group + ": " + step.from() + " -> " + step.to() + " (" + step.reason() + ")";
        });
    }

    List<ActionInfo> actions(String group) {
        GroupSettings settings = call(() -> machine(group).settings());
        List<ActionInfo> list = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            for (RankedAction entry : Pipeline.inOrder(services.actions(), settings.name(), phase)) {
                FailoverAction action = entry.action();
                String onFailure = phase == Phase.TEST ? "abort" : action.onFailure().name().toLowerCase(java.util.Locale.ROOT);
                list.add(new ActionInfo(phase, action.name(), entry.ranking(), entry.bundle(), onFailure, action.timeout().toMillis()));
            }
        }
        return list;
    }

    /** The TEST phase alone, on a pipeline thread; no state changes. */
    List<ActionResult> test(String group) {
        GroupStateMachine machine = call(() -> machine(group));
        Pipeline.Run run = call(() -> run(machine));
        try {
            return pipelines.submit(() -> pipeline.test(run).results()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the Test phase failed to run: " + e.getCause());
        }
    }

    String reclaim(String group) {
        return call(() -> {
            GroupStateMachine machine = machine(group);
            if (machine.state() != GroupState.UP) {
                throw new IllegalStateException("this node does not hold " + group + " (it is " + machine.state() + ")");
            }
            effect(machine, Effect.ANNOUNCE);
            return group + ": announcing " + machine.settings().vips().size() + " address(es) again";
        });
    }

    private GroupStateMachine machine(String group) {
        GroupStateMachine machine = groups.get(group);
        if (machine == null) {
            throw new IllegalArgumentException("no group named " + group + " on this node (groups: " + groups.keySet() + ")");
        }
        return machine;
    }

    List<GroupStatus> groups() {
        return call(() -> {
            List<GroupStatus> list = new ArrayList<>();
            for (GroupStateMachine machine : groups.values()) {
                GroupSettings group = machine.settings();
                list.add(new GroupStatus(group.name(), machine.state(), group.priority(settings.node()), machine.primary(),
                        holder(machine), group.vips(), group.manualFailback() ? "manual" : "auto",
                        System.currentTimeMillis() - (millis() - machine.since())));
            }
            return list;
        });
    }

    org.ipfailover.api.NodeCondition condition() {
        return new org.ipfailover.api.NodeCondition(true, "", List.of());
    }

    List<PeerStatus> peers() {
        long now = now();
        return peerNodes.stream().sorted().map(node -> peers.status(node, now)).toList();
    }

    List<FailoverEvent> history(int count) {
        return events.latest(count);
    }

    // ---- the decision thread

    private void tick() {
        long now = now();
        try {
            long late = (now - tickDue) / 1_000_000L;
            if (late > settings.deadMillis()) {
                convictAfter = now + 2 * settings.intervalMillis() * 1_000_000L;
                LOG.warn("Detector ran {} ms late (a pause of this process or host): not judging peers for {} ms",
                        late, 2 * settings.intervalMillis());
            }
            if (now - convictAfter >= 0) {
                watchPeers(now);
                decideAll();
                if (millis() - startedMillis <= settings.deadMillis() + maxTickMillis()) {
                    publishAnnouncements(); // the INIT placeholders of journaled groups expire
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Detector tick failed", e);
        } finally {
            scheduleTick(now);
        }
    }

    /** Schedules the next tick at the earliest deadline, at least 1 ms and at most {@link #maxTickMillis} ms away. */
    private void scheduleTick(long now) {
        if (stopping) {
            return;
        }
        long next = now + maxTickMillis() * 1_000_000L;
        try {
            next = nextDeadline(now, next);
        } catch (RuntimeException e) {
            LOG.error("Detector could not work out its next deadline: ticking in {} ms", maxTickMillis(), e);
        }
        long delay = Math.max(1_000_000L, next - now);
        tickDue = now + delay;
        try {
            decider.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("Detector stopped: no further tick");
        }
    }

    private long nextDeadline(long now, long latest) {
        long next = Math.min(latest, peers.nextChange(now));
        if (now - convictAfter < 0) {
            next = Math.min(next, convictAfter);
        }
        long nowMillis = now / 1_000_000L;
        for (GroupStateMachine machine : groups.values()) {
            long deadline = machine.nextDeadline(nowMillis);
            if (deadline != Long.MAX_VALUE) {
                next = Math.min(next, deadline * 1_000_000L);
            }
        }
        long journaledExpire = (startedMillis + settings.deadMillis() + 1) * 1_000_000L;
        if (journaledExpire - now > 0) {
            next = Math.min(next, journaledExpire);
        }
        return next;
    }

    private long maxTickMillis() {
        return Math.max(5, Math.min(MAX_TICK_MILLIS, settings.deadMillis() / 4));
    }

    private void decideAll() {
        if (stopping || now() - convictAfter < 0) {
            return;
        }
        boolean noBackendYet = services.backend() == null && millis() - startedMillis < BACKEND_WAIT_MILLIS;
        for (GroupStateMachine machine : groups.values()) {
            if (noBackendYet && machine.state() == GroupState.INIT) {
                continue; // it could neither check, add nor remove an address: keep listening a little longer
            }
            apply(machine, machine.evaluate(views(machine), millis()));
        }
    }

    private void watchPeers(long now) {
        for (String node : peerNodes) {
            boolean alive = peers.alive(node, now);
            Boolean was = peerAlive.put(node, alive);
            if (was != null && was != alive) {
                peerEvent(alive ? Type.PEER_FOUND : Type.PEER_LOST, node, now,
                        alive ? node + " is heard again" : node + " is silent on every network for " + settings.deadMillis() + " ms");
            }
            watchAuthentication(node, now);
            boolean anomaly = alive && peers.anomaly(node, now);
            Boolean hadAnomaly = peerAnomaly.put(node, anomaly);
            if (hadAnomaly != null && hadAnomaly != anomaly && (anomaly || alive)) {
                peerEvent(anomaly ? Type.ANOMALY : Type.ANOMALY_CLEARED, node, now, anomaly
                        ? node + " is silent on " + silentNetworks(node, now) + " but heard on the others: no takeover"
                        : node + " is heard on every network again");
            } else if (hadAnomaly == null && anomaly) {
                peerEvent(Type.ANOMALY, node, now, node + " is silent on " + silentNetworks(node, now) + " but heard on the others: no takeover");
            }
        }
    }

    private void watchAuthentication(String node, long now) {
        boolean unauthenticated = peers.unauthenticated(node, now);
        Boolean was = peerUnauthenticated.put(node, unauthenticated);
        if (unauthenticated && !Boolean.TRUE.equals(was)) {
            peerEvent(Type.ANOMALY, node, now, node + " is heard, but its beats fail authentication (do the key files match?): "
                    + "no takeover from it while it is heard");
        } else if (!unauthenticated && Boolean.TRUE.equals(was)) {
            peerEvent(Type.ANOMALY_CLEARED, node, now, node + " is no longer heard with beats that fail authentication");
        }
    }

    private String silentNetworks(String node, long now) {
        List<String> silent = new ArrayList<>();
        peers.networks(node, now).forEach((network, heard) -> {
            if (!heard) {
                silent.add(network);
            }
        });
        return String.join(", ", silent);
    }

    private void add(GroupSettings group) {
        if (group.rank(settings.node()) < 0) {
            LOG.warn("Group {} does not name this node ({}) among its nodes {}: ignored", group.name(), settings.node(), group.nodes());
            remove(group.name());
            return;
        }
        GroupStateMachine existing = groups.get(group.name());
        if (existing != null) {
            reconfigure(existing, group);
        } else {
            GroupStateMachine machine = new GroupStateMachine(settings.node(), group, millis(), settings.deadMillis());
            groups.put(group.name(), machine);
            restore(machine);
        }
        refreshPeers();
        publishAnnouncements();
    }

    private void reconfigure(GroupStateMachine machine, GroupSettings next) {
        GroupSettings previous = machine.settings();
        machine.settings(next);
        if (machine.state() == GroupState.UP && !previous.vips().equals(next.vips())) {
            NetworkBackend backend = services.backend();
            List<Vip> gone = new ArrayList<>(previous.vips());
            gone.removeAll(next.vips());
            pipelines.execute(() -> {
                for (Vip vip : gone) {
                    try {
                        if (backend != null) {
                            backend.release(vip);
                        }
                    } catch (BackendException e) {
                        LOG.error("Group {}: removing {} after a configuration change failed: {}", next.name(), vip, e.getMessage());
                    }
                }
            });
            effect(machine, Effect.RECONCILE);
        }
        LOG.info("Group {} reconfigured: nodes {}, addresses {}", next.name(), next.nodes(), next.vips());
    }

    private void restore(GroupStateMachine machine) {
        GroupState state = journaled.get(machine.settings().name());
        if (state == null) {
            return;
        }
        NetworkBackend backend = services.backend();
        boolean held = state.holds() && (backend == null || anyHeld(backend, machine.settings()));
        apply(machine, machine.restore(state, held, millis()));
    }

    private static boolean anyHeld(NetworkBackend backend, GroupSettings group) {
        for (Vip vip : group.vips()) {
            try {
                if (backend.held(vip.device()).stream().anyMatch(h -> h.address().equals(vip.address()))) {
                    return true;
                }
            } catch (BackendException | RuntimeException e) {
                LOG.warn("Group {}: cannot read what {} holds: {}", group.name(), vip.device(), e.getMessage());
            }
        }
        return false;
    }

    private void remove(String name) {
        GroupStateMachine machine = groups.remove(name);
        if (machine == null) {
            return;
        }
        if (machine.state().holds()) {
            LOG.info("Group {} is no longer configured: releasing its addresses", name);
            Pipeline.Run run = run(machine);
            pipelines.execute(() -> pipeline.release(run));
        }
        journal.forget(name);
        refreshPeers();
        publishAnnouncements();
    }

    private void apply(GroupStateMachine machine, Step step) {
        apply(machine, step, List.of());
    }

    private void apply(GroupStateMachine machine, Step step, List<ActionResult> results) {
        if (step == Step.NOTHING) {
            return;
        }
        String group = machine.settings().name();
        if (step.changes()) {
            journal.write(group, step.to());
        }
        if (step.event() != null) {
            publish(machine, step, results);
        }
        for (ActionResult result : results) {
            if (!result.success() && (step.event() == Type.TAKEOVER || step.event() == Type.RELEASE)) {
                publish(machine, new Step(step.to(), step.to(), Effect.NONE, Type.ACTION_FAILED, step.peer(), result.toString()), List.of(result));
            }
        }
        effect(machine, step.effect());
        publishAnnouncements();
    }

    private void effect(GroupStateMachine machine, Effect effect) {
        switch (effect) {
            case NONE -> { }
            case TEST -> {
                Pipeline.Run run = run(machine);
                pipelines.execute(() -> {
                    Pipeline.Outcome outcome = pipeline.test(run);
                    decide(() -> apply(machine,
                            machine.tested(outcome.success(), outcome.reason(), views(machine), millis()), outcome.results()));
                });
            }
            case ACQUIRE -> {
                Pipeline.Run run = run(machine);
                pipelines.execute(() -> {
                    Pipeline.Outcome outcome = pipeline.acquire(run, () -> views(machine).stream().noneMatch(PeerView::holds));
                    decide(() -> apply(machine, machine.acquired(outcome.success(), outcome.reason(), millis()),
                            outcome.results()));
                });
            }
            case RELEASE -> {
                Pipeline.Run run = run(machine);
                pipelines.execute(() -> {
                    Pipeline.Outcome outcome = pipeline.release(run);
                    decide(() -> apply(machine, machine.released(outcome.success(), outcome.reason(), millis()),
                            outcome.results()));
                });
            }
            case ANNOUNCE, RECONCILE -> {
                NetworkBackend backend = services.backend();
                if (backend == null) {
                    pendingReconcile.add(machine.settings().name());
                    return;
                }
                GroupSettings group = machine.settings();
                boolean addMissing = effect == Effect.RECONCILE;
                pipelines.execute(() -> announce(backend, group, addMissing));
            }
        }
    }

    private static void announce(NetworkBackend backend, GroupSettings group, boolean addMissing) {
        for (Vip vip : group.vips()) {
            try {
                if (addMissing) {
                    backend.acquire(vip);
                }
                backend.announce(vip);
            } catch (BackendException | RuntimeException e) {
                LOG.error("Group {}: {} {} failed: {}", group.name(), addMissing ? "re-adding" : "announcing", vip, e.getMessage());
            }
        }
    }

    private Pipeline.Run run(GroupStateMachine machine) {
        return new Pipeline.Run(machine.settings(), settings.node(), machine.counterpart(), services.actions(), services.backend());
    }

    private void publish(GroupStateMachine machine, Step step, List<ActionResult> results) {
        GroupSettings group = machine.settings();
        String peer = step.peer() != null ? step.peer() : machine.counterpart();
        events.publish(new FailoverEvent(step.event(), Instant.now(), settings.node(), group.name(), peer, step.from(), step.to(),
                holder(machine), group.vips(), peer != null ? peers.networks(peer, now()) : Map.of(), results, step.reason()));
    }

    private void peerEvent(Type type, String node, long now, String reason) {
        events.publish(new FailoverEvent(type, Instant.now(), settings.node(), null, node, null, null, null, List.of(),
                peers.networks(node, now), List.of(), reason));
    }

    private String holder(GroupStateMachine machine) {
        if (machine.state() == GroupState.UP || machine.state() == GroupState.RELEASING) {
            return settings.node();
        }
        for (PeerView peer : views(machine)) {
            if (peer.alive() && peer.announced() == GroupState.UP) {
                return peer.node();
            }
        }
        return null;
    }

    private Collection<PeerView> views(GroupStateMachine machine) {
        long now = now();
        List<PeerView> views = new ArrayList<>();
        for (String node : machine.settings().nodes()) {
            if (!node.equals(settings.node())) {
                views.add(peers.view(node, machine.settings().name(), now));
            }
        }
        return views;
    }

    private void refreshPeers() {
        Set<String> nodes = new LinkedHashSet<>();
        for (GroupStateMachine machine : groups.values()) {
            nodes.addAll(machine.settings().nodes());
        }
        nodes.remove(settings.node());
        peerNodes = Set.copyOf(nodes);
    }

    /**
     * Until a journaled group's configuration arrives (it comes through ConfigAdmin a moment after
     * a restarted detector starts), the group is announced as INIT for one dead time, so that no
     * peer mistakes "announces nothing" for a yielded group and takes it over.
     */
    private void publishAnnouncements() {
        List<GroupAnnouncement> next = new ArrayList<>();
        for (GroupStateMachine machine : groups.values()) {
            next.add(new GroupAnnouncement(machine.settings().name(), announced(machine.state()), machine.settings().priority(settings.node())));
        }
        if (millis() - startedMillis < settings.deadMillis()) {
            for (String group : journaled.keySet()) {
                if (!groups.containsKey(group)) {
                    next.add(new GroupAnnouncement(group, GroupState.INIT, 0));
                }
            }
        }
        if (!next.equals(announcements)) {
            announcements = List.copyOf(next);
            services.announcementsChanged();
        }
    }

    /**
     * A stopping node is no candidate for anything: what it does not hold it announces as STANDBY, so
     * that a peer takes the groups as soon as they are released here, not a dead time after the last
     * beat (the journal keeps a stopped primary's RECOVER for its next start).
     */
    private GroupState announced(GroupState state) {
        return switch (state) {
            case INIT, RECOVER, TESTING -> leaving ? GroupState.STANDBY : state;
            default -> state;
        };
    }

    /** Hands a task to the decision thread; once the detector stops, late beats and outcomes are dropped. */
    private void decide(Runnable task) {
        try {
            decider.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("Detector stopped: a late task was dropped");
        }
    }

    private <T> T call(Callable<T> task) {
        try {
            return decider.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the detector did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private void awaitIdle(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            boolean busy = call(() -> groups.values().stream().anyMatch(m -> m.state() == GroupState.RELEASING
                    || m.state() == GroupState.ACQUIRING || m.state() == GroupState.TESTING));
            if (!busy) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("Groups were still changing state when the detector stopped");
    }

    private static void await(ExecutorService executor, long millis) {
        try {
            if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static long now() {
        return System.nanoTime();
    }

    /** Monotonic milliseconds, the state machines' clock. */
    private static long millis() {
        return System.nanoTime() / 1_000_000L;
    }
}
