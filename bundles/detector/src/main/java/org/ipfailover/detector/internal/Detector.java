package org.ipfailover.detector.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Beat;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverEvent.Type;
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
    /** The lane of the reads of what this host's interfaces hold (group names cannot contain a space). */
    private static final String KERNEL_LANE = " kernel";
    /** What a transition may take beyond its actions' and the backend's timeouts before it is called stuck. */
    static final long WATCHDOG_MARGIN_MILLIS = 5_000;

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
    private final Guard guard;
    private final Lanes lanes;
    private final Pipeline pipeline;
    private final EventLog events;
    private final Alarms alarms;
    private final Map<String, GroupStateMachine> groups = new TreeMap<>();
    private final Map<String, Boolean> peerAlive = new HashMap<>();
    private final Map<String, Boolean> peerAnomaly = new HashMap<>();
    private final AtomicBoolean decisionPending = new AtomicBoolean();
    private final Set<String> pendingReconcile = new LinkedHashSet<>();
    /** Groups whose addresses on this host are being looked up, or will be once a backend comes. */
    private final Set<GroupStateMachine> awaitingKernel = new HashSet<>();
    private final Set<GroupStateMachine> awaitingBackend = new LinkedHashSet<>();
    private final List<GroupStateMachine> kernelBatch = new ArrayList<>();
    /** When each running transition is called stuck (monotonic ms). */
    private final Map<GroupStateMachine, Long> watchdog = new HashMap<>();
    private volatile List<GroupAnnouncement> announcements = List.of();
    private volatile Set<String> peerNodes = Set.of();
    private volatile boolean stopping;
    private volatile boolean leaving;
    /** Whether this node may take groups over: only while its heartbeat goes out. */
    private volatile boolean deciding;
    private HeartbeatHealth health;
    /** Since when (monotonic ms) this node has not been heard; -1 while it is. */
    private long silentSince = -1;
    private boolean notDecidingAnnounced;
    private boolean reannounceAfterPause;
    private volatile long duplicateHeardNanos;
    private volatile String duplicateSource;
    private long startedMillis;
    private long tickDue;
    private long convictAfter;

    /**
     * @param health the heartbeat's health as last reported, or null when it never reported: the
     *        detector takes nothing over until the heartbeat says it goes out
     */
    Detector(DetectorSettings settings, Services services, HeartbeatHealth health) {
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
        this.guard = new Guard(actionRunner);
        this.lanes = new Lanes(pipelines);
        this.pipeline = new Pipeline(guard);
        this.events = new EventLog(eventDelivery, services::listeners);
        this.alarms = new Alarms(this::nodeEvent);
        this.health = health != null ? health : HeartbeatHealth.silent("the heartbeat has not started yet");
        this.deciding = this.health.sending();
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
        decide(this::judgeHealth);
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
        long budget = 0;
        if (releaseHeld) {
            leaving = true;
            budget = call(() -> {
                publishAnnouncements();
                long longest = 0;
                for (GroupStateMachine machine : groups.values()) {
                    settleForStop(machine);
                    longest = Math.max(longest, budgetMillis(machine.settings()));
                }
                return longest;
            });
            LOG.info("Releasing the groups held here: up to {} s for their actions", (budget + 999) / 1000);
            awaitIdle(budget);
        }
        decider.shutdown();
        await(decider, 5_000);
        pipelines.shutdown();
        await(pipelines, releaseHeld ? Math.max(budget, 5_000) : 5_000);
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
                checkAgreement();
                decideAll();
            });
        }
    }

    void unauthenticated(String node, long receivedNanos) {
        peers.recordUnauthenticated(node, receivedNanos);
    }

    void duplicateNode(java.net.InetSocketAddress source, long receivedNanos) {
        duplicateSource = source == null ? "an unknown address" : source.getAddress().getHostAddress();
        boolean first = duplicateHeardNanos == 0 || receivedNanos - duplicateHeardNanos > settings.deadMillis() * 1_000_000L;
        duplicateHeardNanos = receivedNanos;
        if (first) {
            decide(this::watchDuplicate);
        }
    }

    void heartbeatHealth(HeartbeatHealth next) {
        decide(() -> {
            health = next;
            judgeHealth();
        });
    }

    NodeCondition condition() {
        return call(() -> new NodeCondition(takesOver(), takesOver() ? "" : notDecidingReason(), alarms.texts()));
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
                for (GroupStateMachine machine : List.copyOf(awaitingBackend)) {
                    awaitingBackend.remove(machine);
                    lookAtKernel(machine);
                }
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
            if (verb.equals("takeover") && !takesOver()) {
                throw new IllegalStateException("this node takes nothing over while " + notDecidingReason());
            }
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
            for (RankedAction entry : pipeline.inOrder(services.actions(), settings.name(), phase)) {
                String onFailure = phase == Phase.TEST ? "abort" : entry.onFailure().name().toLowerCase(java.util.Locale.ROOT);
                list.add(new ActionInfo(phase, entry.name(), entry.ranking(), entry.bundle(), onFailure, entry.timeout().toMillis()));
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
                reannounceAfterPause = true;
                LOG.warn("Detector ran {} ms late (a pause of this process or host): not judging peers for {} ms",
                        late, 2 * settings.intervalMillis());
            }
            if (!deciding) {
                judgeHealth();
            }
            watchStuckTransitions();
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
        if (reannounceAfterPause) {
            reannounceAfterPause = false;
            for (GroupStateMachine machine : groups.values()) {
                if (machine.state() == GroupState.UP) {
                    LOG.info("Group {}: announcing its addresses again after this node's pause", machine.settings().name());
                    effect(machine, Effect.ANNOUNCE);
                }
            }
        }
        boolean backendWaitOver = millis() - startedMillis >= BACKEND_WAIT_MILLIS;
        if (backendWaitOver && !awaitingBackend.isEmpty()) {
            for (GroupStateMachine machine : List.copyOf(awaitingBackend)) {
                awaitingBackend.remove(machine);
                GroupState state = journaled.get(machine.settings().name());
                LOG.warn("Group {}: no network backend to ask what this host holds: trusting the journal ({})",
                        machine.settings().name(), state);
                apply(machine, machine.restore(state, state != null && state.holds(), millis()));
            }
        }
        boolean mayTakeOver = takesOver();
        for (GroupStateMachine machine : groups.values()) {
            GroupState state = machine.state();
            if (state == GroupState.INIT && (awaitingKernel.contains(machine) || awaitingBackend.contains(machine))) {
                continue; // it does not know yet what this host holds: keep listening
            }
            if (!mayTakeOver && (state == GroupState.STANDBY || state == GroupState.RECOVER)) {
                continue; // a node that is not heard, or not alone with its id, takes nothing over
            }
            apply(machine, machine.evaluate(views(machine), millis()));
        }
    }

    /** Turns a transition that ran past every timeout it has into a failure with a reason. */
    private void watchStuckTransitions() {
        if (watchdog.isEmpty()) {
            return;
        }
        long now = millis();
        for (Map.Entry<GroupStateMachine, Long> entry : List.copyOf(watchdog.entrySet())) {
            GroupStateMachine machine = entry.getKey();
            if (now - entry.getValue() < 0) {
                continue;
            }
            watchdog.remove(machine);
            String reason = machine.state() + " did not end within the timeouts of its actions and of the network backend "
                    + "(" + budgetMillis(machine.settings()) + " ms): a plugin does not return";
            LOG.error("Group {}: {}", machine.settings().name(), reason);
            if (groups.get(machine.settings().name()) == machine) {
                apply(machine, machine.stuck(reason, now));
            }
        }
    }

    /** The longest one transition of the group can take: its actions' timeouts and the backend's, and a margin. */
    private long budgetMillis(GroupSettings group) {
        long actions = 0;
        for (RankedAction action : services.actions()) {
            RankedAction known = pipeline.lastDescribed(action.action());
            actions += (known != null ? known.timeout() : RankedAction.DEFAULT_TIMEOUT).toMillis();
        }
        return actions + (3L * group.vips().size() + 1) * Pipeline.BACKEND_MILLIS + WATCHDOG_MARGIN_MILLIS;
    }

    private void watchPeers(long now) {
        if (duplicateHeardNanos != 0) {
            watchDuplicate();
        }
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

    /**
     * A peer never authenticated but heard with a bad MAC: a key mismatch (no takeover from it). A
     * peer authenticated before and now claimed by datagrams with a bad MAC: forgeries, or its key
     * replaced on one side only; it is judged on its authenticated beats alone.
     */
    private void watchAuthentication(String node, long now) {
        alarms.set("key:" + node, peers.unauthenticated(node, now), "key mismatch: " + node
                + " is heard, but its beats fail authentication (do the key files match?): no takeover from it while it is heard",
                "no more beats claiming " + node + " fail authentication");
        alarms.set("forged:" + node, peers.forged(node, now), "forged beats: datagrams claiming to come from " + node
                + " fail authentication (a forgery, or its key file was replaced on one side only): " + node
                + " is judged on its authenticated beats alone", "no more beats claiming " + node + " fail authentication");
    }

    private void watchDuplicate() {
        boolean fresh = duplicateHeard();
        if (fresh) {
            abandonTests(notDecidingReason());
        }
        alarms.set("duplicate", fresh, "duplicate node id: a node at " + duplicateSource + " also calls itself "
                + settings.node() + ": neither hears the other; give each node its own id (id in org.ipfailover.node.cfg)",
                "no beat from another node with this node's id for a dead time");
    }

    /** Group files that disagree between this node and a peer: an alarm naming the group, the peer and what differs. */
    private void checkAgreement() {
        for (GroupStateMachine machine : groups.values()) {
            GroupSettings group = machine.settings();
            int mine = group.fingerprint();
            for (String node : group.nodes()) {
                if (node.equals(settings.node())) {
                    continue;
                }
                int theirs = peers.fingerprint(node, group.name());
                List<String> differences = theirs == 0 ? List.of() : GroupSettings.differences(mine, theirs);
                alarms.set("fingerprint:" + group.name() + ":" + node, !differences.isEmpty(),
                        "group files disagree: " + group.name() + " on " + node + " differs from this node's in "
                                + String.join(" and ", differences) + " (this node: nodes " + group.nodes() + ", vips "
                                + group.vips() + "); make the files the same on every node",
                        node + " agrees again on " + group.name());
            }
        }
    }

    /**
     * The heartbeat's health decides at once whether this node may take groups over; an operator is
     * told (log, event) once it has not been heard for a dead time, so that a start or a heartbeat
     * bundle being replaced raises nothing.
     */
    private void judgeHealth() {
        if (health.sending()) {
            silentSince = -1;
            if (!deciding) {
                deciding = true;
                // its receivers were not running either: what it knows of its peers is a dead time old, at best
                convictAfter = now() + settings.deadMillis() * 1_000_000L;
                if (notDecidingAnnounced) {
                    notDecidingAnnounced = false;
                    LOG.info("Node {} is heard again on {}: it takes part in the decisions", settings.node(), health.networks());
                    nodeEvent(Type.DECIDING, "the heartbeat goes out again on " + String.join(", ", health.networks()));
                }
                decideAll();
            }
            return;
        }
        if (deciding || silentSince < 0) {
            deciding = false;
            silentSince = millis();
            abandonTests(notDecidingReason());
        }
        if (!notDecidingAnnounced && millis() - silentSince >= settings.deadMillis()) {
            notDecidingAnnounced = true;
            LOG.warn("Node {} takes nothing over and keeps what it holds: {}", settings.node(), notDecidingReason());
            nodeEvent(Type.NOT_DECIDING, notDecidingReason());
        }
    }

    /**
     * Whether this node may take groups over now: its heartbeat goes out, and no other node uses its
     * id (both would take the same groups, each deaf to the other). Safe from any thread.
     */
    private boolean takesOver() {
        return deciding && !duplicateHeard();
    }

    private boolean duplicateHeard() {
        long heard = duplicateHeardNanos;
        return heard != 0 && now() - heard < settings.deadMillis() * 1_000_000L;
    }

    private String notDecidingReason() {
        if (deciding && duplicateHeard()) {
            return "another node (at " + duplicateSource + ") uses its id " + settings.node();
        }
        String problem = health.problem().isEmpty() ? "no heartbeat goes out" : health.problem();
        return "it cannot be heard: " + problem;
    }

    private void abandonTests(String reason) {
        for (GroupStateMachine machine : groups.values()) {
            if (machine.state() == GroupState.TESTING) {
                watchdog.remove(machine);
                apply(machine, machine.cancelTest("takeover abandoned: " + reason, millis()));
            }
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
            lookAtKernel(machine);
        }
        refreshPeers();
        checkAgreement();
        publishAnnouncements();
    }

    /**
     * Addresses dropped from the configuration are removed from this host whenever they may be
     * configured (held, being added, or being removed with the old list); addresses added to it are
     * put in place once the group is held.
     */
    private void reconfigure(GroupStateMachine machine, GroupSettings next) {
        GroupSettings previous = machine.settings();
        machine.settings(next);
        GroupState state = machine.state();
        if (!previous.vips().equals(next.vips()) && (state.holds() || machine.resuming())) {
            List<Vip> gone = new ArrayList<>(previous.vips());
            gone.removeAll(next.vips());
            if (!gone.isEmpty()) {
                Pipeline.Run run = run(machine);
                lanes.run(next.name(), () -> {
                    List<ActionResult> failures = new ArrayList<>();
                    if (!pipeline.removeAddresses(run, gone, failures)) {
                        LOG.error("Group {}: addresses dropped from its configuration could not be removed: {}", next.name(), failures);
                    }
                });
            }
            if (state == GroupState.UP) {
                effect(machine, Effect.RECONCILE);
            }
        }
        LOG.info("Group {} reconfigured: nodes {}, addresses {}", next.name(), next.nodes(), next.vips());
    }

    /**
     * The kernel is the truth at start: whatever the journal says, the group's addresses are looked
     * for on this host's interfaces (on the group's lane, off the decision thread), and a group whose
     * addresses are found resumes holding them once the peers have been heard, or releases them.
     */
    private void lookAtKernel(GroupStateMachine machine) {
        NetworkBackend backend = services.backend();
        if (backend == null) {
            awaitingBackend.add(machine);
            return;
        }
        awaitingKernel.add(machine);
        if (kernelBatch.isEmpty()) {
            decide(() -> scanKernel(backend)); // after the groups added with this one: one read per interface for all
        }
        kernelBatch.add(machine);
    }

    private void scanKernel(NetworkBackend backend) {
        Map<GroupStateMachine, GroupSettings> batch = new HashMap<>();
        kernelBatch.forEach(machine -> batch.put(machine, machine.settings()));
        kernelBatch.clear();
        lanes.run(KERNEL_LANE, () -> {
            Map<String, Set<Vip>> byDevice = new HashMap<>();
            Map<GroupStateMachine, Boolean> held = new HashMap<>();
            batch.forEach((machine, group) -> held.put(machine, anyHeld(backend, group, byDevice)));
            decide(() -> held.forEach((machine, found) -> {
                String name = batch.get(machine).name();
                if (awaitingKernel.remove(machine) && groups.get(name) == machine && machine.state() == GroupState.INIT) {
                    apply(machine, machine.restore(journaled.get(name), found, millis()));
                }
            }));
        });
    }

    /** @param byDevice what each interface was found holding, read once per interface */
    private boolean anyHeld(NetworkBackend backend, GroupSettings group, Map<String, Set<Vip>> byDevice) {
        for (Vip vip : group.vips()) {
            try {
                Set<Vip> held = byDevice.get(vip.device());
                if (held == null) {
                    held = guard.call(backend.name() + ": reading " + vip.device(), Pipeline.BACKEND_MILLIS, () -> backend.held(vip.device()));
                    byDevice.put(vip.device(), held);
                }
                if (held.stream().anyMatch(h -> h.address().equals(vip.address()))) {
                    return true;
                }
            } catch (Guard.PluginFailure e) {
                LOG.warn("Group {}: cannot read what this host holds: {}", group.name(), e.getMessage());
                byDevice.put(vip.device(), Set.of());
            }
        }
        return false;
    }

    /**
     * A group that is no longer configured leaves nothing behind: held or being added, its release
     * runs on its lane after whatever runs there; found on the interfaces at start, its addresses are
     * removed; a Test in flight is dropped.
     */
    private void remove(String name) {
        GroupStateMachine machine = groups.remove(name);
        if (machine == null) {
            return;
        }
        awaitingBackend.remove(machine);
        boolean lookingAtKernel = awaitingKernel.remove(machine);
        watchdog.remove(machine);
        GroupState state = machine.state();
        Pipeline.Run run = run(machine);
        if (state == GroupState.UP || state == GroupState.ACQUIRING) {
            LOG.info("Group {} is no longer configured: releasing its addresses", name);
            lanes.run(name, () -> pipeline.release(run));
        } else if (state == GroupState.INIT && (machine.resuming() || lookingAtKernel)) {
            LOG.info("Group {} is no longer configured: removing its addresses left on this host", name);
            lanes.run(name, () -> pipeline.removeAddresses(run, run.group().vips(), new ArrayList<>()));
        }
        journaled(journal.forget(name));
        alarms.clearAll("fingerprint:" + name + ":", "the group is no longer configured here");
        refreshPeers();
        publishAnnouncements();
    }

    /** Raises or clears the journal's alarm after a write. */
    private void journaled(String problem) {
        alarms.set("journal", problem != null, "state journal: " + journal.file() + " cannot be written (" + problem
                + "): a restart would not know what this node held; free space or fix permissions in " + journal.file().getParent(),
                "the state journal is written again");
    }

    /** The node stops: every group is settled and released, whatever it is doing now. */
    private void settleForStop(GroupStateMachine machine) {
        switch (machine.state()) {
            case UP -> apply(machine, machine.releaseForStop(millis()));
            case TESTING -> {
                watchdog.remove(machine);
                apply(machine, machine.cancelTest("the node is stopping", millis()));
            }
            case INIT -> {
                if (machine.resuming()) {
                    apply(machine, machine.releaseForStop(millis()));
                }
            }
            default -> { } // ACQUIRING is released as soon as it ends; RELEASING goes on
        }
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
            journaled(journal.write(group, step.to()));
            watchdog.remove(machine);
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

    /**
     * Runs the step's effect on the group's lane. Its outcome is applied only if the group is still
     * this machine and has not moved on since (a watchdog, a removal, a stop): a late outcome of a
     * group removed mid-acquire releases what it added.
     */
    private void effect(GroupStateMachine machine, Effect effect) {
        String name = machine.settings().name();
        long since = machine.since();
        switch (effect) {
            case NONE -> { }
            case TEST -> {
                Pipeline.Run run = run(machine);
                watch(machine);
                lanes.run(name, () -> {
                    Pipeline.Outcome outcome = pipeline.test(run);
                    decide(() -> {
                        if (!current(machine, since)) {
                            return;
                        }
                        if (leaving || !takesOver()) {
                            apply(machine, machine.cancelTest("takeover abandoned: " + (leaving ? "the node is stopping"
                                    : notDecidingReason()), millis()));
                            return;
                        }
                        apply(machine, machine.tested(outcome.success(), outcome.reason(), views(machine), millis()), outcome.results());
                    });
                });
            }
            case ACQUIRE -> {
                Pipeline.Run run = run(machine);
                watch(machine);
                lanes.run(name, () -> {
                    Pipeline.Outcome outcome = pipeline.acquire(run,
                            () -> takesOver() && !leaving && views(machine).stream().noneMatch(PeerView::holds));
                    decide(() -> acquired(machine, since, run, outcome));
                });
            }
            case RELEASE -> {
                Pipeline.Run run = run(machine);
                watch(machine);
                lanes.run(name, () -> {
                    Pipeline.Outcome outcome = pipeline.release(run);
                    decide(() -> {
                        if (current(machine, since)) {
                            apply(machine, machine.released(outcome.success(), outcome.reason(), millis()), outcome.results());
                        }
                    });
                });
            }
            case ANNOUNCE, RECONCILE -> {
                if (services.backend() == null) {
                    pendingReconcile.add(name);
                    return;
                }
                Pipeline.Run run = run(machine);
                boolean addMissing = effect == Effect.RECONCILE;
                lanes.run(name, () -> {
                    String missing = pipeline.announce(run, addMissing);
                    if (missing != null) {
                        decide(() -> {
                            if (groups.get(name) == machine) {
                                apply(machine, machine.addressesLost("its addresses could not all be put back (" + missing
                                        + "): releasing the group so that a peer can serve it", millis()));
                            }
                        });
                    }
                });
            }
        }
    }

    private void acquired(GroupStateMachine machine, long since, Pipeline.Run run, Pipeline.Outcome outcome) {
        String name = run.group().name();
        if (!current(machine, since)) {
            if (outcome.success() && groups.get(name) != machine) {
                LOG.debug("Group {}: acquired after it was removed; its release is queued", name);
            }
            return;
        }
        boolean abandoned = outcome.abandoned() || (!outcome.success() && (leaving || !takesOver()));
        apply(machine, machine.acquired(outcome.success(), abandoned, outcome.reason(), millis()), outcome.results());
        if (machine.state() != GroupState.UP) {
            return;
        }
        if (leaving) {
            apply(machine, machine.releaseForStop(millis()));
        } else if (!run.group().vips().equals(machine.settings().vips())) {
            effect(machine, Effect.RECONCILE); // the configuration changed while the addresses were added
        }
    }

    /** Whether an outcome still concerns the group: the same machine, in the state the effect was started from. */
    private boolean current(GroupStateMachine machine, long since) {
        return groups.get(machine.settings().name()) == machine && machine.since() == since;
    }

    private void watch(GroupStateMachine machine) {
        watchdog.put(machine, millis() + budgetMillis(machine.settings()));
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

    private void nodeEvent(Type type, String reason) {
        events.publish(new FailoverEvent(type, Instant.now(), settings.node(), null, null, null, null, null, List.of(),
                Map.of(), List.of(), reason));
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
            GroupSettings group = machine.settings();
            next.add(new GroupAnnouncement(group.name(), announced(machine.state()), group.priority(settings.node()), group.fingerprint()));
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
            decider.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("Detector: a decision task failed", e);
                }
            });
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
            boolean busy = lanes.busy() || call(() -> groups.values().stream().anyMatch(m -> m.state().holds()
                    || m.state() == GroupState.TESTING));
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
        LOG.error("Groups were still being released when the detector stopped after {} ms: {}", millis,
                call(() -> groups.values().stream().filter(m -> m.state() != GroupState.STANDBY && m.state() != GroupState.RECOVER)
                        .map(m -> m.settings().name() + " " + m.state()).toList()));
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
