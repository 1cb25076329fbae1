package org.ipfailover.detector.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ipfailover.api.ActionInfo;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.Beat;
import org.ipfailover.api.FailoverEvent;
import org.ipfailover.api.FailoverListener;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.GroupStatus;
import org.ipfailover.api.HealthStatus;
import org.ipfailover.api.HeartbeatHealth;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.NodeCondition;
import org.ipfailover.api.PeerStatus;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's engine. One {@link DecisionThread} owns every group's state machine: the
 * {@link DecisionLoop} reacts to beats and ticks at deadlines, the {@link GroupRegistry} to
 * configuration, the {@link Console} to operator commands; the {@link StepRunner} carries out
 * what the machines decide, on lanes of pipeline threads that report back to the decision thread.
 * Plugins are only ever called through a {@link Guard}. Longer than our classes should be: it makes
 * and wires those collaborators and forwards the component's calls to them on the decision thread;
 * what they do lives in them.
 */
final class Detector {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    /** The services the detector uses, as they are at each moment. */
    interface Services {
        List<RankedAction> actions();

        NetworkBackend backend();

        List<FailoverListener> listeners();

        /** The health checks that guard groups. */
        default List<CheckDefinition> checks() {
            return List.of();
        }

        /** The quorum's leases, or null when no quorum is configured. */
        default GroupLease groupLease() {
            return null;
        }

        /** What this node announces has changed: beat now. */
        void announcementsChanged();
    }

    private final DetectorSettings settings;
    private final Services services;
    private final PeerTable peers;
    private final DecisionThread thread;
    private final ExecutorService pipelines;
    private final PipelineThreads pipelineThreads = new PipelineThreads();
    private final ExecutorService actionRunner;
    /** The backend's calls: the kernel takes address changes one at a time, and idle threads go after a while. */
    private final ExecutorService backendRunner;
    static final int BACKEND_THREADS = 8;
    private final ExecutorService eventDelivery;
    private final EventLog events;
    private final GroupTable table;
    private final SelfHearing self;
    private final Deadlines deadlines;
    private final Announcements announcements;
    private final Hearing hearing;
    private final HearingWatch hearingWatch;
    private final StepRunner steps;
    private final KernelLook kernel;
    private final GroupDecisions decisions;
    private final GroupRegistry registry;
    private final DecisionLoop loop;
    private final Console console;
    private final Departure departure;
    private final HealthBoard board;
    private final CheckRunner checks;
    private final LinkWatcher links;
    private final LeaseKeeper leases;

    /**
     * @param health the heartbeat's health as last reported, or null when it never reported: the
     *        detector takes nothing over until the heartbeat says it goes out
     */
    Detector(DetectorSettings settings, Services services, HeartbeatHealth health) {
        this.settings = settings;
        this.services = services;
        this.self = new SelfHearing(settings.intervalMillis());
        this.peers = new PeerTable(settings.networks(), settings.silenceNanos(), self);
        this.deadlines = new Deadlines();
        StateJournal journal = new StateJournal(settings.stateFolder());
        this.thread = new DecisionThread();
        this.pipelines = pipelineThreads.executor();
        this.actionRunner = Executors.newCachedThreadPool(Threads.named("ipfailover-action"));
        ThreadPoolExecutor backend = new ThreadPoolExecutor(BACKEND_THREADS, BACKEND_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.named("ipfailover-backend"));
        backend.allowCoreThreadTimeOut(true);
        this.backendRunner = backend;
        this.eventDelivery = Executors.newSingleThreadExecutor(Threads.named("ipfailover-events"));
        Guard guard = new Guard(actionRunner);
        Lanes lanes = new Lanes(pipelines);
        Pipeline pipeline = new Pipeline(guard, new Guard(backendRunner));
        this.events = new EventLog(eventDelivery, services::listeners);
        this.table = new GroupTable(settings.node(), peers);
        EventPublisher publisher = new EventPublisher(settings.node(), events, peers, table);
        Alarms alarms = new Alarms(publisher::node);
        JournalKeeper journalKeeper = new JournalKeeper(journal, alarms);
        this.announcements = new Announcements(settings, table, journalKeeper.atStart(), deadlines, services::announcementsChanged);
        Watchdog watchdog = new Watchdog(services::actions, pipeline);
        this.hearing = new Hearing(settings, health);
        if (health != null) {
            self.sending(health.networks());
        }
        StepBatch batch = new StepBatch(thread, journalKeeper, announcements, lanes);
        this.leases = new LeaseKeeper(settings, thread, table, peers, publisher, services::announcementsChanged);
        this.steps = new StepRunner(settings, services, thread, table, lanes, pipeline, batch, watchdog, publisher,
                announcements, hearing, leases);
        this.kernel = new KernelLook(services, thread, lanes, guard, pipeline, table, steps, journalKeeper.atStart());
        this.decisions = new GroupDecisions(deadlines, table, kernel, steps, hearing, leases);
        leases.wire(steps, decisions);
        this.hearingWatch = new HearingWatch(settings, hearing, deadlines, decisions, steps, alarms, publisher);
        PeerWatch peerWatch = new PeerWatch(settings, peers, table, alarms, publisher);
        this.registry = new GroupRegistry(settings, table, kernel, steps, watchdog, lanes, pipeline, journalKeeper, alarms, peerWatch,
                announcements);
        this.loop = new DecisionLoop(settings, thread, peers, table, deadlines, hearing, hearingWatch, peerWatch, decisions, watchdog,
                steps, announcements, self);
        this.console = new Console(settings, services, thread, table, hearing, alarms, steps, pipeline, pipelines);
        this.departure = new Departure(thread, table, steps, watchdog, lanes, announcements);
        this.board = new HealthBoard(settings, table, thread, publisher, () -> {
            announcements.publish();
            decisions.decideAll();
        });
        this.checks = new CheckRunner((check, passed, output) -> thread.decide(() -> board.result(check, passed, output)));
        this.links = new LinkWatcher(thread, board, guard, pipeline, actionRunner);
    }

    /** Starts deciding; returns once the first announcements (the groups, their journaled states) are ready. */
    void start() {
        deadlines.started();
        thread.call(() -> {
            announcements.publish();
            return null;
        });
        loop.start();
        checksChanged();
        thread.decide(() -> links.backend(services.backend()));
        groupLeaseChanged();
        LOG.info("Detector started: node {}, networks {}, dead time {} ms, journal in {}", settings.node(),
                settings.networks(), settings.deadMillis(), settings.stateFolder());
    }

    /**
     * @param releaseHeld whether to release the groups held here (the node stops) or keep them
     *        configured (the detector is replaced or reconfigured: the next one resumes them)
     */
    void stop(boolean releaseHeld) {
        decisions.stop();
        checks.stop();
        thread.call(() -> {
            links.stop();
            return null;
        });
        long budget = releaseHeld ? departure.releaseAll() : 0;
        thread.shutdown(5_000);
        pipelines.shutdown();
        Threads.await(pipelines, releaseHeld ? Math.max(budget, 5_000) : 5_000);
        leases.stop(); // after the releases: a lease goes back once the addresses are gone
        actionRunner.shutdownNow();
        backendRunner.shutdownNow();
        eventDelivery.shutdown();
        Threads.await(eventDelivery, 2_000);
    }

    // ---- inputs

    void beat(Beat beat) {
        loop.beat(beat);
    }

    /** This node heard its own beat: its receive path is up to date until then. */
    void ownBeat(String network, long receivedNanos) {
        loop.ownBeat(self.heard(network, receivedNanos));
    }

    void unauthenticated(String node, long receivedNanos) {
        peers.recordUnauthenticated(node, receivedNanos);
    }

    void duplicateNode(InetSocketAddress source, long receivedNanos) {
        if (hearing.duplicate(source, receivedNanos)) {
            thread.decide(hearingWatch::watchDuplicate);
        }
    }

    void heartbeatHealth(HeartbeatHealth next) {
        self.sending(next.networks());
        thread.decide(() -> {
            hearing.health(next);
            hearingWatch.judgeHealth();
        });
    }

    void addGroup(GroupSettings group) {
        thread.decide(() -> {
            registry.add(group);
            board.refresh();
            pipelineThreads.keep(table.all().size());
        });
    }

    void removeGroup(String name) {
        thread.decide(() -> {
            registry.remove(name);
            pipelineThreads.keep(table.all().size());
        });
    }

    synchronized void checksChanged() {
        List<CheckDefinition> current = services.checks();
        checks.run(current);
        thread.decide(() -> board.checks(current));
    }

    /** The quorum service came, went or was replaced. */
    void groupLeaseChanged() {
        thread.decide(() -> leases.service(services.groupLease()));
    }

    /** What this node's beats say of its quorum. */
    QuorumFlags quorumFlags() {
        return leases.flags();
    }

    /** Where this node stands with the group's lease; for tests. */
    GroupStateMachine.LeaseHold leaseHold(String group) {
        return thread.call(() -> table.machine(group).lease());
    }

    void backendChanged() {
        thread.decide(() -> {
            if (services.backend() != null) {
                kernel.backendArrived();
                steps.backendArrived();
            }
            links.backend(services.backend());
        });
    }

    List<GroupAnnouncement> announcements() {
        return announcements.current();
    }

    Set<String> peerNodes() {
        return table.peerNodes();
    }

    String node() {
        return settings.node();
    }

    // ---- operator commands and views

    NodeCondition condition() {
        return console.condition();
    }

    String command(String group, String verb) {
        return console.command(group, verb);
    }

    List<ActionInfo> actions(String group) {
        return console.actions(group);
    }

    /** The TEST phase alone, on a pipeline thread; no state changes. */
    List<ActionResult> test(String group) {
        return console.test(group);
    }

    String reclaim(String group) {
        return console.reclaim(group);
    }

    List<GroupStatus> groups() {
        return console.groups();
    }

    List<HealthStatus> health() {
        return thread.call(board::status);
    }

    List<PeerStatus> peers() {
        long now = Clock.nanos();
        return table.peerNodes().stream().sorted().map(node -> peers.status(node, now)).toList();
    }

    void listenersChanged() {
        events.listenersChanged();
    }

    List<FailoverEvent> history(int count) {
        return events.latest(count);
    }
}
