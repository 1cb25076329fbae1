package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel is the truth at start: whatever the journal says, a new group's addresses are looked
 * for on this host's interfaces (on a lane, off the decision thread), and a group whose addresses
 * are found resumes holding them once the peers have been heard, or releases them. Without a
 * network backend the groups wait for one, and trust the journal once the wait is over.
 */
final class KernelLook {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    /** How long groups keep listening for a network backend after the detector starts. */
    static final long BACKEND_WAIT_MILLIS = 5_000;
    /** The lane of the reads of what this host's interfaces hold (group names cannot contain a space). */
    private static final String LANE = " kernel";

    private final Detector.Services services;
    private final DecisionThread thread;
    private final Lanes lanes;
    private final Guard guard;
    private final Pipeline pipeline;
    private final GroupTable table;
    private final StepRunner steps;
    private final Map<String, GroupState> journaled;
    /** Groups whose addresses on this host are being looked up, or will be once a backend comes. */
    private final Set<GroupStateMachine> looking = new HashSet<>();
    private final Set<GroupStateMachine> awaitingBackend = new LinkedHashSet<>();
    private final List<GroupStateMachine> batch = new ArrayList<>();

    KernelLook(Detector.Services services, DecisionThread thread, Lanes lanes, Guard guard, Pipeline pipeline, GroupTable table,
            StepRunner steps, Map<String, GroupState> journaled) {
        this.services = services;
        this.thread = thread;
        this.lanes = lanes;
        this.guard = guard;
        this.pipeline = pipeline;
        this.table = table;
        this.steps = steps;
        this.journaled = journaled;
    }

    void lookAt(GroupStateMachine machine) {
        NetworkBackend backend = services.backend();
        if (backend == null) {
            awaitingBackend.add(machine);
            return;
        }
        looking.add(machine);
        if (batch.isEmpty()) {
            thread.decide(() -> scan(backend)); // after the groups added with this one: one read per interface for all
        }
        batch.add(machine);
    }

    /** Whether the group does not know yet what this host holds. */
    boolean pending(GroupStateMachine machine) {
        return looking.contains(machine) || awaitingBackend.contains(machine);
    }

    /** @return whether this host's interfaces were being read for the group */
    boolean forget(GroupStateMachine machine) {
        awaitingBackend.remove(machine);
        return looking.remove(machine);
    }

    void backendArrived() {
        for (GroupStateMachine machine : List.copyOf(awaitingBackend)) {
            awaitingBackend.remove(machine);
            lookAt(machine);
        }
    }

    /** After {@link #BACKEND_WAIT_MILLIS}, the groups still without a backend trust the journal. */
    void backendWaitOver() {
        if (awaitingBackend.isEmpty()) {
            return;
        }
        for (GroupStateMachine machine : List.copyOf(awaitingBackend)) {
            awaitingBackend.remove(machine);
            GroupState state = journaled.get(machine.settings().name());
            LOG.warn("Group {}: no network backend to ask what this host holds: trusting the journal ({})",
                    machine.settings().name(), state);
            steps.apply(machine, machine.restore(state, state != null && state.holds(), Clock.millis()));
        }
    }

    private void scan(NetworkBackend backend) {
        Map<GroupStateMachine, GroupSettings> scanned = new HashMap<>();
        batch.forEach(machine -> scanned.put(machine, machine.settings()));
        List<Pipeline.Run> runs = batch.stream().map(steps::run).toList();
        batch.clear();
        lanes.run(LANE, () -> {
            Map<String, Set<Vip>> byDevice = new HashMap<>();
            Map<GroupStateMachine, Boolean> held = new HashMap<>();
            scanned.forEach((machine, group) -> held.put(machine, anyHeld(backend, group, byDevice)));
            thread.decide(() -> held.forEach((machine, found) -> {
                String name = scanned.get(machine).name();
                if (looking.remove(machine) && table.get(name) == machine && machine.state() == GroupState.INIT) {
                    steps.apply(machine, machine.restore(journaled.get(name), found, Clock.millis()));
                }
            }));
            runs.forEach(pipeline::rehearse);
            ClassWarmup.warm(KernelLook.class, backend.getClass());
        });
    }

    /** @param byDevice what each interface was found holding, read once per interface */
    private boolean anyHeld(NetworkBackend backend, GroupSettings group, Map<String, Set<Vip>> byDevice) {
        for (Vip vip : group.vips()) {
            try {
                Set<Vip> held = byDevice.get(vip.device());
                if (held == null) {
                    held = guard.call(pipeline.nameOf(backend) + ": reading " + vip.device(), Pipeline.BACKEND_MILLIS, () -> backend.held(vip.device()));
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
}
