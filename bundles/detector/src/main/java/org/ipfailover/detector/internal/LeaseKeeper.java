package org.ipfailover.detector.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * {@code keep} ({@link QuorumWatch}; docs/detector.md, "With a quorum"). Decision thread only, but
 * for {@link #flags()}, {@link #quorum()} and {@link #holder}; without a quorum it does nothing.
 */
final class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DecisionThread thread;
    private final GroupTable table;
    private final QuorumWatch quorum;
    private final SilentHolderWatch silentHolders;
    private final Map<String, Request> requests = new HashMap<>();
    private StepRunner steps;
    /** Written on the decision thread, read by {@link #holder} from any. */
    private volatile GroupLease service;

    LeaseKeeper(DetectorSettings settings, DecisionThread thread, GroupTable table, PeerTable peers, EventPublisher publisher,
            Runnable announcementsChanged) {
        this.thread = thread;
        this.table = table;
        this.quorum = new QuorumWatch(settings, thread, table, peers, publisher, announcementsChanged, this);
        this.silentHolders = new SilentHolderWatch(settings.node(), peers, publisher, this::holder, this::holderExpiryMillis);
    }

    void wire(StepRunner steps, GroupDecisions decisions) {
        this.steps = steps;
        quorum.wire(steps, decisions);
    }

    /** What this node's beats say of its quorum; any thread. */
    QuorumFlags flags() {
        return quorum.flags();
    }

    /** The quorum as last told, or null without one; any thread. */
    QuorumStatus quorum() {
        return quorum.shown();
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

    /** How long the quorum may show a crashed holder's lease, or 0 when not known. */
    long holderExpiryMillis() {
        GroupLease current = service;
        try {
            return current == null ? 0 : Math.max(0, current.holderExpiry().toMillis());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Whether this node may take groups over as far as the quorum goes: none is used, or it is reached. */
    boolean mayTakeOver() {
        return quorum.mayTakeOver();
    }

    /**
     * Every decision round: groups kept without their lease are released once keeping is no longer
     * safe, and a lease held by a peer that is not heard is reported.
     */
    void review() {
        quorum.review();
        if (service != null) {
            silentHolders.review(table.all());
        }
    }

    /** The quorum service came, went or was replaced. */
    void service(GroupLease next) {
        if (next == service) {
            return;
        }
        if (service != null) {
            closeAll();
            LOG.info("Quorum {} left: the groups are decided by the heartbeats alone again", service.name());
        }
        service = next;
        quorum.watch(next);
        if (next == null) {
            for (GroupStateMachine machine : table.all()) {
                machine.lease(LeaseHold.NONE, Clock.millis());
            }
            return;
        }
        LOG.info("Quorum {}: a group is acquired only once this node holds its lease", next.name());
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
        quorum.close();
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
        if (machine.state() == GroupState.UP) {
            String refused = quorum.keepRefused();
            if (refused == null) {
                machine.lease(LeaseHold.KEPT, Clock.millis());
                LOG.warn("Group {}: its lease is lost with the quorum ({}); every live peer reaches no quorum either: "
                        + "keeping the group (onQuorumLoss = keep), taking nothing new", request.group, reason);
                return;
            }
            if (!refused.isEmpty()) {
                reason = reason + "; " + refused;
            }
        }
        machine.lease(LeaseHold.LOST, Clock.millis());
        steps.apply(machine, machine.leaseLost(reason, Clock.millis()));
    }

    /** The quorum is back: the groups kept without their lease ask for it again (and release when it is not granted in time). */
    void askAgainForKept() {
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

    private void closeAll() {
        for (Request request : requests.values()) {
            request.close();
        }
        requests.clear();
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
