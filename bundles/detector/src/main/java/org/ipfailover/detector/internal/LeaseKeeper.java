package org.ipfailover.detector.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.QuorumFlags;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.Lease;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.detector.internal.GroupStateMachine.LeaseHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups' leases from the quorum ({@link GroupLease}), when one is bound: who <em>may</em> hold
 * a group. A group holds a lease request while it is being taken, held or released (TESTING,
 * ACQUIRING, UP, RELEASING, and INIT when it resumes addresses found in the kernel); the request is
 * made when the takeover is decided and closed only once the group left those states, so that a
 * release gives the lease back after its addresses are gone. A lost lease releases the group at
 * once, unless the quorum is lost everywhere as far as this node can tell and the policy is
 * {@code keep} (docs/detector.md, "With a quorum"). While the quorum is not reached, nothing new
 * is taken. Decision thread only, but for {@link #flags()}; without a quorum it does nothing.
 */
final class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DetectorSettings settings;
    private final DecisionThread thread;
    private final GroupTable table;
    private final PeerTable peers;
    private final EventPublisher publisher;
    private final Runnable announcementsChanged;
    private final Map<String, Request> requests = new HashMap<>();
    private StepRunner steps;
    private GroupDecisions decisions;
    private GroupLease service;
    private AutoCloseable quorumWatch;
    private QuorumStatus quorum;
    private volatile QuorumFlags flags = QuorumFlags.NONE;
    private volatile QuorumStatus shown;

    LeaseKeeper(DetectorSettings settings, DecisionThread thread, GroupTable table, PeerTable peers, EventPublisher publisher,
            Runnable announcementsChanged) {
        this.settings = settings;
        this.thread = thread;
        this.table = table;
        this.peers = peers;
        this.publisher = publisher;
        this.announcementsChanged = announcementsChanged;
    }

    void wire(StepRunner steps, GroupDecisions decisions) {
        this.steps = steps;
        this.decisions = decisions;
    }

    /** What this node's beats say of its quorum; any thread. */
    QuorumFlags flags() {
        return flags;
    }

    /** The quorum as last told, or null without one; any thread. */
    QuorumStatus quorum() {
        return shown;
    }

    /** @return the service's name, or null without a quorum */
    String serviceName() {
        GroupLease current = service;
        return current == null ? null : current.name();
    }

    /** Who holds the group's lease as the service last learnt, or empty (also without a quorum); any thread. */
    Optional<String> holder(String group) {
        GroupLease current = service;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.holder(group);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this node may take groups over as far as the quorum goes: none is used, or it is reached. */
    boolean mayTakeOver() {
        return service == null || (quorum != null && quorum.reachable());
    }

    /** The quorum service came, went or was replaced. */
    void service(GroupLease next) {
        if (next == service) {
            return;
        }
        if (service != null) {
            closeAll();
            closeWatch();
            LOG.info("Quorum {} left: the groups are decided by the heartbeats alone again", service.name());
        }
        service = next;
        quorum = null;
        shown = null;
        if (next == null) {
            flags(QuorumFlags.NONE);
            for (GroupStateMachine machine : table.all()) {
                machine.lease(LeaseHold.NONE, Clock.millis());
            }
            return;
        }
        LOG.info("Quorum {}: a group is acquired only once this node holds its lease", next.name());
        shown = new QuorumStatus(false, Instant.now(), "not known yet");
        flags(new QuorumFlags(true, false));
        try {
            quorumWatch = next.watchQuorum(status -> thread.decide(() -> quorumChanged(next, status)));
        } catch (RuntimeException e) {
            LOG.error("Quorum {} cannot be watched: {}", next.name(), e.toString());
        }
        for (GroupStateMachine machine : table.all()) {
            sync(machine);
        }
    }

    /**
     * Asks for or gives back the group's lease as its state now wants; called after every step.
     * A lost request is replaced only once the group has been through a state without one.
     */
    void sync(GroupStateMachine machine) {
        if (service == null) {
            return;
        }
        String group = machine.settings().name();
        Request request = requests.get(group);
        if (!wanted(machine)) {
            if (request != null) {
                requests.remove(group);
                request.close();
            }
            if (machine.lease() != LeaseHold.NONE) {
                machine.lease(LeaseHold.NONE, Clock.millis());
            }
            return;
        }
        if (request == null || request.machine != machine) {
            if (request != null) {
                request.close();
            }
            ask(machine);
        }
    }

    /**
     * A group is no longer configured: its request leaves the table now and is closed by what is
     * returned, to be run on the group's lane after its release.
     *
     * @return what gives the lease back, or null when the group has no request
     */
    Runnable detach(String group) {
        Request request = requests.remove(group);
        return request == null ? null : request::close;
    }

    /** The detector stops: every request is closed, the quorum no longer watched. */
    void stop() {
        closeAll();
        closeWatch();
    }

    /**
     * Groups kept without their lease under {@code keep} are released as soon as keeping is no
     * longer safe: a peer reaches the quorum, or no peer is heard. Called with every decision round.
     */
    void review() {
        if (service == null || quorum == null || quorum.reachable()) {
            return;
        }
        String unsafe = null;
        for (GroupStateMachine machine : table.all()) {
            if (machine.lease() == LeaseHold.KEPT && machine.state() == GroupState.UP) {
                if (unsafe == null) {
                    unsafe = keepUnsafe();
                    if (unsafe == null) {
                        return;
                    }
                }
                machine.lease(LeaseHold.LOST, Clock.millis());
                steps.apply(machine, machine.leaseLost("the quorum is lost and " + unsafe, Clock.millis()));
            }
        }
    }

    private static boolean wanted(GroupStateMachine machine) {
        return switch (machine.state()) {
            case TESTING, ACQUIRING, UP, RELEASING -> true;
            case INIT -> machine.resuming();
            default -> false;
        };
    }

    private void ask(GroupStateMachine machine) {
        String group = machine.settings().name();
        Request request = new Request(machine);
        requests.put(group, request);
        machine.lease(LeaseHold.ASKED, Clock.millis());
        try {
            request.lease = service.request(group, request);
        } catch (RuntimeException e) {
            LOG.error("Group {}: quorum {} failed to take the lease request: {}", group, service.name(), e.toString());
            request.lost(group, "the quorum failed to take the request: " + e);
        }
    }

    private void granted(Request request) {
        if (requests.get(request.group) != request || !table.isCurrent(request.machine)) {
            return;
        }
        GroupStateMachine machine = request.machine;
        machine.lease(LeaseHold.HELD, Clock.millis());
        LOG.info("Group {}: this node holds its lease from {}", request.group, service.name());
        steps.apply(machine, machine.leaseGranted(table.views(machine), Clock.millis()));
    }

    private void lost(Request request, String reason) {
        if (requests.get(request.group) != request || !table.isCurrent(request.machine)) {
            return;
        }
        GroupStateMachine machine = request.machine;
        if (machine.lease() == LeaseHold.KEPT) {
            return;
        }
        if (machine.state() == GroupState.UP && !quorumReachedNow()) {
            String unsafe = settings.releaseOnQuorumLoss() ? "the policy is onQuorumLoss = release" : keepUnsafe();
            if (unsafe == null) {
                machine.lease(LeaseHold.KEPT, Clock.millis());
                LOG.warn("Group {}: its lease is lost with the quorum ({}); every live peer reaches no quorum either: "
                        + "keeping the group (onQuorumLoss = keep), taking nothing new", request.group, reason);
                return;
            }
            reason = reason + "; " + unsafe;
        }
        machine.lease(LeaseHold.LOST, Clock.millis());
        steps.apply(machine, machine.leaseLost(reason, Clock.millis()));
    }

    private boolean quorumReachedNow() {
        try {
            return service.quorum().reachable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void quorumChanged(GroupLease from, QuorumStatus status) {
        if (from != service || status == null) {
            return;
        }
        boolean was = quorum != null && quorum.reachable();
        boolean first = quorum == null;
        quorum = status;
        shown = status;
        flags(new QuorumFlags(true, status.reachable()));
        if (status.reachable() && !was) {
            if (!first) {
                LOG.info("Quorum {} reached again: {}", service.name(), status.detail());
                publisher.node(Type.QUORUM_REGAINED, service.name() + ": " + status.detail());
            }
            askAgainForKept();
            decisions.decideAll();
        } else if (!status.reachable() && (was || first)) {
            LOG.warn("Quorum {} not reached: {}; taking nothing new", service.name(), status.detail());
            publisher.node(Type.QUORUM_LOST, service.name() + ": " + status.detail());
            steps.abandonTests("the quorum is not reached (" + status.detail() + ")");
            holdersLoseQuorum();
        }
    }

    /** The quorum is lost: under release every holder releases; under keep those that may not keep it. */
    private void holdersLoseQuorum() {
        String unsafe = settings.releaseOnQuorumLoss() ? "the policy is onQuorumLoss = release" : keepUnsafe();
        for (GroupStateMachine machine : new ArrayList<>(table.all())) {
            if (machine.state() != GroupState.UP || machine.lease() == LeaseHold.NONE) {
                continue;
            }
            if (unsafe == null) {
                machine.lease(LeaseHold.KEPT, Clock.millis());
                LOG.warn("Group {}: the quorum is lost and every live peer reaches no quorum either: keeping the group "
                        + "(onQuorumLoss = keep)", machine.settings().name());
            } else {
                machine.lease(LeaseHold.LOST, Clock.millis());
                steps.apply(machine, machine.leaseLost("the quorum is lost and " + unsafe, Clock.millis()));
            }
        }
    }

    /** The quorum is back: the groups kept without their lease ask for it again (and release when it is not granted in time). */
    private void askAgainForKept() {
        for (GroupStateMachine machine : table.all()) {
            if (machine.lease() == LeaseHold.KEPT) {
                Request old = requests.remove(machine.settings().name());
                if (old != null) {
                    old.close();
                }
                ask(machine);
            }
        }
    }

    /**
     * @return why keeping a group without the quorum is not safe, or null when it is: at least one
     *         live peer is heard and every live peer says it uses a quorum and does not reach it
     */
    private String keepUnsafe() {
        long now = Clock.nanos();
        int heard = 0;
        for (String node : table.peerNodes()) {
            if (!peers.alive(node, now)) {
                continue;
            }
            heard++;
            QuorumFlags theirs = peers.quorum(node);
            if (!theirs.used()) {
                return node + " is heard and uses no quorum";
            }
            if (theirs.reached()) {
                return node + " still reaches the quorum (it may be granted the lease)";
            }
        }
        return heard == 0 ? "no peer is heard (this node may be in a minority)" : null;
    }

    private void flags(QuorumFlags next) {
        if (!next.equals(flags)) {
            flags = next;
            announcementsChanged.run();
        }
    }

    private void closeAll() {
        for (Request request : requests.values()) {
            request.close();
        }
        requests.clear();
    }

    private void closeWatch() {
        if (quorumWatch != null) {
            try {
                quorumWatch.close();
            } catch (Exception e) {
                LOG.warn("Closing the quorum watch failed: {}", e.toString());
            }
            quorumWatch = null;
        }
    }

    /** One request for a group's lease, for one state machine; the service's answers go to the decision thread. */
    private final class Request implements LeaseListener {
        final GroupStateMachine machine;
        final String group;
        Lease lease;

        Request(GroupStateMachine machine) {
            this.machine = machine;
            this.group = machine.settings().name();
        }

        @Override
        public void granted(String name) {
            thread.decide(() -> LeaseKeeper.this.granted(this));
        }

        @Override
        public void lost(String name, String reason) {
            thread.decide(() -> LeaseKeeper.this.lost(this, reason == null ? "lost" : reason));
        }

        void close() {
            if (lease != null) {
                try {
                    lease.close();
                } catch (RuntimeException e) {
                    LOG.warn("Group {}: giving its lease back failed: {}", group, e.toString());
                }
            }
        }
    }
}
