package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.List;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Vip;
import org.ipfailover.detector.internal.Step.Effect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens, on the decision thread, when a group is configured here, reconfigured, or no longer configured. */
final class GroupRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final DetectorSettings settings;
    private final GroupTable table;
    private final KernelLook kernel;
    private final StepRunner steps;
    private final Watchdog watchdog;
    private final Lanes lanes;
    private final Pipeline pipeline;
    private final JournalKeeper journal;
    private final Alarms alarms;
    private final PeerWatch peerWatch;
    private final Announcements announcements;

    GroupRegistry(DetectorSettings settings, GroupTable table, KernelLook kernel, StepRunner steps, Watchdog watchdog, Lanes lanes,
            Pipeline pipeline, JournalKeeper journal, Alarms alarms, PeerWatch peerWatch, Announcements announcements) {
        this.settings = settings;
        this.table = table;
        this.kernel = kernel;
        this.steps = steps;
        this.watchdog = watchdog;
        this.lanes = lanes;
        this.pipeline = pipeline;
        this.journal = journal;
        this.alarms = alarms;
        this.peerWatch = peerWatch;
        this.announcements = announcements;
    }

    void add(GroupSettings group) {
        if (group.rank(settings.node()) < 0) {
            LOG.warn("Group {} does not name this node ({}) among its nodes {}: ignored", group.name(), settings.node(), group.nodes());
            remove(group.name());
            return;
        }
        GroupStateMachine existing = table.get(group.name());
        if (existing != null) {
            reconfigure(existing, group);
        } else {
            GroupStateMachine machine = new GroupStateMachine(settings.node(), group, Clock.millis(), settings.deadMillis());
            table.put(machine);
            kernel.lookAt(machine);
        }
        table.refreshPeerNodes();
        peerWatch.checkAgreement();
        announcements.publish();
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
                Pipeline.Run run = steps.run(machine);
                lanes.run(next.name(), () -> {
                    List<ActionResult> failures = new ArrayList<>();
                    if (!pipeline.removeAddresses(run, gone, failures)) {
                        LOG.error("Group {}: addresses dropped from its configuration could not be removed: {}", next.name(), failures);
                    }
                });
            }
            if (state == GroupState.UP) {
                steps.effect(machine, Effect.RECONCILE);
            }
        }
        LOG.info("Group {} reconfigured: nodes {}, addresses {}", next.name(), next.nodes(), next.vips());
    }

    /**
     * A group that is no longer configured leaves nothing behind: held or being added, its release
     * runs on its lane after whatever runs there; found on the interfaces at start, its addresses are
     * removed; a Test in flight is dropped.
     */
    void remove(String name) {
        GroupStateMachine machine = table.remove(name);
        if (machine == null) {
            return;
        }
        boolean lookingAtKernel = kernel.forget(machine);
        watchdog.clear(machine);
        GroupState state = machine.state();
        Pipeline.Run run = steps.run(machine);
        if (state == GroupState.UP || state == GroupState.ACQUIRING) {
            LOG.info("Group {} is no longer configured: releasing its addresses", name);
            lanes.run(name, () -> pipeline.release(run));
        } else if (state == GroupState.INIT && (machine.resuming() || lookingAtKernel)) {
            LOG.info("Group {} is no longer configured: removing its addresses left on this host", name);
            lanes.run(name, () -> pipeline.removeAddresses(run, run.group().vips(), new ArrayList<>()));
        }
        Runnable giveBack = steps.leases().detach(name);
        if (giveBack != null) {
            lanes.run(name, giveBack); // after the release queued above
        }
        journal.forget(name);
        alarms.clearAll("fingerprint:" + name + ":", "the group is no longer configured here");
        table.refreshPeerNodes();
        announcements.publish();
    }
}
