package org.ipfailover.detector.internal;

import static org.ipfailover.api.GroupState.ACQUIRING;
import static org.ipfailover.api.GroupState.DISABLED;
import static org.ipfailover.api.GroupState.FAIL;
import static org.ipfailover.api.GroupState.INIT;
import static org.ipfailover.api.GroupState.RECOVER;
import static org.ipfailover.api.GroupState.RELEASING;
import static org.ipfailover.api.GroupState.STANDBY;
import static org.ipfailover.api.GroupState.TESTING;
import static org.ipfailover.api.GroupState.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ipfailover.api.FailoverEvent.Type;
import org.ipfailover.api.GroupState;
import org.ipfailover.api.Vip;
import org.ipfailover.detector.internal.Step.Effect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition of docs/detector.md, one row each: who this node is, the state it starts in, what
 * the peers announce ("-" silent, "?" heard but announcing nothing for the group, "!" heard only
 * with beats that fail authentication; "UP/253" with the priority the peer announces for itself),
 * the input, and
 * the expected state, effect and event.
 */
class GroupStateMachineTest {
    static final long LISTEN = 400;
    static final long T = 10_000;

    static Stream<Arguments> transitions() {
        return Stream.of(
                row("backup listens first", "sec", INIT, "pri=UP", "evaluate@100", INIT, null, null),
                row("backup after listening", "sec", INIT, "pri=UP", "evaluate", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("primary after listening wants its group", "pri", INIT, "sec=-", "evaluate", RECOVER, Effect.NONE, Type.STATE_CHANGED),
                row("backup watches a live primary", "sec", STANDBY, "pri=UP", "evaluate", STANDBY, null, null),
                row("backup takes over from a silent primary", "sec", STANDBY, "pri=-", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("backup takes over from a failed primary", "sec", STANDBY, "pri=FAIL", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("backup takes over from a yielded primary", "sec", STANDBY, "pri=STANDBY", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("backup takes over from a disabled primary", "sec", STANDBY, "pri=DISABLED", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("backup waits for a releasing primary", "sec", STANDBY, "pri=RELEASING", "evaluate", STANDBY, null, null),
                row("backup waits for a starting primary", "sec", STANDBY, "pri=INIT", "evaluate", STANDBY, null, null),
                row("backup waits for a primary testing", "sec", STANDBY, "pri=TESTING", "evaluate", STANDBY, null, null),
                row("primary not announcing the group is no holder", "sec", STANDBY, "pri=?", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("second backup defers to the first", "ter", STANDBY, "pri=- sec=STANDBY", "evaluate", STANDBY, null, null),
                row("second backup takes when the first is silent", "ter", STANDBY, "pri=- sec=-", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("second backup takes when the first failed", "ter", STANDBY, "pri=- sec=FAIL", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("second backup leaves it to the first holding", "ter", STANDBY, "pri=- sec=UP", "evaluate", STANDBY, null, null),
                row("second backup ignores a lower one holding? no: anyone holding", "sec", STANDBY, "pri=- ter=UP", "evaluate", STANDBY, null, null),
                row("primary waits for the holder to release", "pri", RECOVER, "sec=UP", "evaluate", RECOVER, null, null),
                row("primary waits while the holder releases", "pri", RECOVER, "sec=RELEASING", "evaluate", RECOVER, null, null),
                row("primary acquires once the backup stands by", "pri", RECOVER, "sec=STANDBY", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("primary acquires when alone", "pri", RECOVER, "sec=-", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("tests passed: acquire", "sec", TESTING, "pri=-", "tested:pass", ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED),
                row("test veto", "sec", TESTING, "pri=-", "tested:fail", STANDBY, Effect.NONE, Type.TEST_VETO),
                row("after a veto, wait the retry delay", "sec", TESTING, "pri=-", "tested:fail,evaluate@+1000", STANDBY, null, null),
                row("after a veto, try again later", "sec", TESTING, "pri=-", "tested:fail,evaluate@+6000", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("tests passed but the primary holds now", "sec", TESTING, "pri=UP", "tested:pass", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("tests passed but the primary is back", "sec", TESTING, "pri=RECOVER", "tested:pass", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("primary tested: acquire", "pri", TESTING, "sec=STANDBY", "tested:pass", ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED),
                row("primary vetoed: back to recover", "pri", TESTING, "sec=-", "tested:fail", RECOVER, Effect.NONE, Type.TEST_VETO),
                row("acquired", "sec", ACQUIRING, "pri=-", "acquired:ok", UP, Effect.NONE, Type.TAKEOVER),
                row("acquire failed", "sec", ACQUIRING, "pri=-", "acquired:fail", STANDBY, Effect.NONE, Type.TAKEOVER_FAILED),
                row("holder keeps the group", "sec", UP, "pri=-", "evaluate", UP, null, null),
                row("holder hears the primary ask: not yet", "sec", UP, "pri=RECOVER", "evaluate", UP, null, null),
                row("holder hands back after the failback delay", "sec", UP, "pri=RECOVER", "evaluate,evaluate@+2000", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("the delay restarts when the primary stops asking", "sec", UP, "pri=RECOVER", "evaluate,peers:pri=-,evaluate@+1000,peers:pri=RECOVER,evaluate@+1500,evaluate@+1600", UP, null, null),
                row("manual failback keeps the group", "sec/manual", UP, "pri=RECOVER", "evaluate,evaluate@+60000", UP, null, null),
                row("manual failback on command", "sec/manual", UP, "pri=RECOVER", "release", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("a lower backup does not take the group back", "sec", UP, "pri=- ter=STANDBY", "evaluate@+60000", UP, null, null),
                row("both up: the lower one releases", "sec", UP, "pri=UP", "evaluate", RELEASING, Effect.RELEASE, Type.RECLAIM),
                row("both up: the higher one announces again", "pri", UP, "sec=UP", "evaluate", UP, Effect.ANNOUNCE, Type.RECLAIM),
                row("both up: announced once", "pri", UP, "sec=UP", "evaluate,evaluate", UP, null, null),
                row("the other holder released: announce again", "pri", UP, "sec=UP", "evaluate,peers:sec=RELEASING,evaluate,peers:sec=STANDBY,evaluate", UP, Effect.ANNOUNCE, Type.RECLAIM),
                row("the other holder released first: announce again", "pri", UP, "sec=RELEASING", "evaluate,peers:sec=STANDBY,evaluate", UP, Effect.ANNOUNCE, Type.RECLAIM),
                row("nobody else held: nothing to announce", "pri", UP, "sec=STANDBY", "evaluate,evaluate", UP, null, null),
                row("a peer heard again after a partition: announce again", "pri", UP, "sec=-", "evaluate,peers:sec=STANDBY,evaluate",
                        UP, Effect.ANNOUNCE, null),
                row("announced again once", "pri", UP, "sec=-", "evaluate,peers:sec=STANDBY,evaluate,evaluate", UP, null, null),
                row("released", "sec", RELEASING, "pri=RECOVER", "released:ok", STANDBY, Effect.NONE, Type.RELEASE),
                row("addresses stuck: failed", "sec", RELEASING, "pri=RECOVER", "released:fail", FAIL, Effect.NONE, Type.RELEASE),
                row("primary released by command yields", "pri", UP, "sec=STANDBY", "release,released:ok", STANDBY, Effect.NONE, Type.RELEASE),
                row("a yielded primary does not take the group", "pri", STANDBY, "sec=-", "evaluate", STANDBY, null, null),
                row("a yielded primary recovers", "pri", STANDBY, "sec=UP", "recover", RECOVER, Effect.NONE, Type.STATE_CHANGED),
                row("a stopping primary releases", "pri", UP, "sec=STANDBY", "stop", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("a stopping primary will ask for its group back", "pri", UP, "sec=STANDBY", "stop,released:ok", RECOVER, Effect.NONE, Type.RELEASE),
                row("a stopping backup stands by", "sec", UP, "pri=-", "stop,released:ok", STANDBY, Effect.NONE, Type.RELEASE),
                row("fail while standing by", "sec", STANDBY, "pri=-", "fail", FAIL, Effect.NONE, Type.STATE_CHANGED),
                row("failed never takes", "sec", FAIL, "pri=-", "evaluate", FAIL, null, null),
                row("fail while holding releases", "sec", UP, "pri=-", "fail", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("fail while holding ends failed", "sec", UP, "pri=-", "fail,released:ok", FAIL, Effect.NONE, Type.RELEASE),
                row("recover a failed backup", "sec", FAIL, "pri=UP", "recover", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("recover a failed primary", "pri", FAIL, "sec=UP", "recover", RECOVER, Effect.NONE, Type.STATE_CHANGED),
                row("takeover by command", "sec", STANDBY, "pri=RECOVER", "takeover", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("takeover by command skips the ranking", "sec", STANDBY, "pri=RECOVER", "takeover,tested:pass", ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED),
                row("takeover by command from failed", "sec", FAIL, "pri=-", "takeover", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("held addresses: listen first", "sec", INIT, "pri=RECOVER", "restore:UP:held,evaluate@100", INIT, null, null),
                row("resume holding after a restart", "sec", INIT, "pri=RECOVER", "restore:UP:held,evaluate", UP, Effect.RECONCILE, Type.STATE_CHANGED),
                row("resume holding after a crash mid-acquire", "sec", INIT, "pri=-", "restore:ACQUIRING:held,evaluate", UP, Effect.RECONCILE, Type.STATE_CHANGED),
                row("stale addresses after a crash: release them", "pri", INIT, "sec=UP", "restore:UP:held,evaluate", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("stale addresses released: ask for the group", "pri", INIT, "sec=UP", "restore:UP:held,evaluate,released:ok", RECOVER, Effect.NONE, Type.RELEASE),
                row("no takeover from a primary heard with the wrong key", "sec", STANDBY, "pri=!", "evaluate", STANDBY, null, null),
                row("a backup waits for a peer that is still starting", "sec", STANDBY, "pri=- ter=INIT", "evaluate", STANDBY, null, null),
                row("a primary waits for a peer that is still starting", "pri", RECOVER, "sec=INIT", "evaluate", RECOVER, null, null),
                row("addresses gone after a restart: start over", "sec", INIT, "pri=-", "restore:UP:none", INIT, null, null),
                row("resume failed", "sec", INIT, "pri=-", "restore:FAIL:none", FAIL, Effect.NONE, Type.STATE_CHANGED),
                row("resume a yielded primary", "pri", INIT, "sec=UP", "restore:STANDBY:none", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("disabled at start", "sec/disabled", INIT, "pri=UP", "evaluate", DISABLED, Effect.NONE, Type.STATE_CHANGED),
                row("disabled while holding", "sec", UP, "pri=-", "disable,evaluate", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("disabled after release", "sec", UP, "pri=-", "disable,evaluate,released:ok", DISABLED, Effect.NONE, Type.RELEASE),
                row("enabled again", "sec/disabled", INIT, "pri=UP", "evaluate,enable,evaluate", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("a Test stuck past its timeouts: back to waiting, tried again later", "sec", TESTING, "pri=-", "stuck",
                        STANDBY, Effect.NONE, Type.TAKEOVER_FAILED),
                row("an acquire stuck past its timeouts: undone by the release pipeline", "sec", ACQUIRING, "pri=-", "stuck",
                        RELEASING, Effect.RELEASE, Type.TAKEOVER_FAILED),
                row("a release stuck past its timeouts: failed, for an operator to look", "sec", RELEASING, "pri=-", "stuck",
                        FAIL, Effect.NONE, Type.RELEASE),
                row("acquire abandoned: the peer holds after all (a blip)", "sec", ACQUIRING, "pri=UP", "acquired:abandoned", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("files disagree on the order: of two backups that each rank the other first, the smaller id goes", "sec/swapped", STANDBY,
                        "pri=- ter=STANDBY/253", "evaluate", TESTING, Effect.TEST, Type.STATE_CHANGED),
                row("files disagree on the order: the larger id waits", "ter", STANDBY, "pri=- sec=STANDBY/253", "evaluate", STANDBY, null, null),
                row("files disagree on the order: of two holders, the smaller id keeps the group", "sec/swapped", UP, "pri=- ter=UP/253",
                        "evaluate", UP, Effect.ANNOUNCE, Type.RECLAIM),
                row("files disagree on the order: of two holders, the larger id releases", "ter", UP, "pri=- sec=UP/253", "evaluate",
                        RELEASING, Effect.RELEASE, Type.RECLAIM),
                row("the priority a peer announces counts over this node's file", "sec", STANDBY, "pri=- ter=RECOVER/255", "evaluate",
                        STANDBY, null, null),
                row("an unhealthy holder hands the group to a healthy backup", "pri", UP, "sec=STANDBY", "sick,evaluate", RELEASING,
                        Effect.RELEASE, Type.STATE_CHANGED),
                row("an unhealthy primary asks for its group back once released", "pri", UP, "sec=STANDBY", "sick,evaluate,released:ok",
                        RECOVER, Effect.NONE, Type.RELEASE),
                row("an unhealthy backup holding hands back to a healthy primary at once", "sec", UP, "pri=RECOVER", "sick,evaluate",
                        RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("an unhealthy holder picks the best healthy node", "sec", UP, "pri=RECOVER/0 ter=STANDBY/253", "sick,evaluate",
                        RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("an unhealthy holder keeps the group when its backup is unhealthy too, and says so", "pri", UP, "sec=STANDBY/0",
                        "sick,evaluate", UP, Effect.NONE, null),
                row("... once", "pri", UP, "sec=STANDBY/0", "sick,evaluate,evaluate", UP, null, null),
                row("an unhealthy holder keeps the group when its backup is silent", "pri", UP, "sec=-", "sick,evaluate", UP, Effect.NONE, null),
                row("an unhealthy holder does not hand the group to a failed backup", "pri", UP, "sec=FAIL", "sick,evaluate", UP,
                        Effect.NONE, null),
                row("an unhealthy holder does not hand the group to a starting backup", "pri", UP, "sec=INIT", "sick,evaluate", UP,
                        Effect.NONE, null),
                row("an unhealthy backup takes nothing over", "sec", STANDBY, "pri=-", "sick,evaluate", STANDBY, null, null),
                row("an undecided backup takes nothing over", "sec", STANDBY, "pri=-", "pending,evaluate", STANDBY, null, null),
                row("a starting primary that does not know its health yet stays INIT, which its backups wait for", "pri", INIT,
                        "sec=STANDBY", "pending,evaluate@1000", INIT, null, null),
                row("... for 5 s at most", "pri", INIT, "sec=STANDBY", "pending,evaluate@5401", RECOVER, Effect.NONE, Type.STATE_CHANGED),
                row("a starting node healthy at once listens no longer", "pri", INIT, "sec=STANDBY", "well,evaluate", RECOVER, Effect.NONE,
                        Type.STATE_CHANGED),
                row("a backup healthy again takes over", "sec", STANDBY, "pri=-", "sick,evaluate,well,evaluate", TESTING, Effect.TEST,
                        Type.STATE_CHANGED),
                row("an unhealthy primary does not take its group back", "pri", RECOVER, "sec=STANDBY", "sick,evaluate", RECOVER, null, null),
                row("tests passed while turning unhealthy: back to waiting", "sec", TESTING, "pri=-", "sick,tested:pass", STANDBY,
                        Effect.NONE, Type.STATE_CHANGED),
                row("a holder does not hand back to an unhealthy primary", "sec", UP, "pri=RECOVER/0", "evaluate,evaluate@+60000", UP,
                        null, null),
                row("a holder hands back once the primary is healthy for the failback delay", "sec", UP, "pri=RECOVER/0",
                        "evaluate,peers:pri=RECOVER/255,evaluate@+100,evaluate@+2100", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("the failback delay restarts when the primary turns unhealthy", "sec", UP, "pri=RECOVER/255",
                        "evaluate,peers:pri=RECOVER/0,evaluate@+1000,peers:pri=RECOVER/255,evaluate@+1500,evaluate@+2100", UP, null, null),
                row("two holders: a healthy backup keeps the group from an unhealthy primary", "sec", UP, "pri=UP/0", "evaluate", UP,
                        Effect.ANNOUNCE, Type.RECLAIM),
                row("two holders: an unhealthy primary releases to a healthy backup", "pri", UP, "sec=UP/254", "sick,evaluate", RELEASING,
                        Effect.RELEASE, Type.RECLAIM),
                row("with a quorum, tests passed: the group waits in TESTING for its lease", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass", TESTING, Effect.NONE, null),
                row("waiting for the lease, nothing changed: it goes on waiting", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass,evaluate@+60000", TESTING, null, null),
                row("the lease granted: acquire", "sec", TESTING, "pri=-", "lease:asked,tested:pass,lease:granted", ACQUIRING,
                        Effect.ACQUIRE, Type.STATE_CHANGED),
                row("a grant before the tests end: acquire at their end", "sec", TESTING, "pri=-", "lease:asked,lease:held,tested:pass",
                        ACQUIRING, Effect.ACQUIRE, Type.STATE_CHANGED),
                row("waiting for the lease, the primary holds again: stop waiting", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass,peers:pri=UP,evaluate", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("waiting for the lease, the primary is back: stop waiting", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass,peers:pri=RECOVER,evaluate", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("waiting for the lease, turned unhealthy: stop waiting", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass,sick,evaluate", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("a grant after the reason went away acquires nothing", "sec", TESTING, "pri=-",
                        "lease:asked,tested:pass,peers:pri=UP,lease:granted", STANDBY, Effect.NONE, Type.STATE_CHANGED),
                row("the lease lost while testing: back to waiting", "sec", TESTING, "pri=-", "lease:asked,lease:lost", STANDBY,
                        Effect.NONE, Type.STATE_CHANGED),
                row("the lease lost during the acquire: undone", "sec", ACQUIRING, "pri=-", "lease:lost", RELEASING, Effect.RELEASE,
                        Type.TAKEOVER_FAILED),
                row("a holder that loses its lease releases at once", "sec", UP, "pri=-", "lease:lost", RELEASING, Effect.RELEASE,
                        Type.STATE_CHANGED),
                row("a holder asking for its lease keeps the group a while", "sec", UP, "pri=-", "lease:asked,evaluate@+4999", UP,
                        null, null),
                row("... and releases when it is not granted in 5 s", "sec", UP, "pri=-", "lease:asked,evaluate@+5000", RELEASING,
                        Effect.RELEASE, Type.STATE_CHANGED),
                row("addresses found at start: INIT while the lease is asked for", "sec", INIT, "pri=-",
                        "restore:UP:held@0,lease:asked@0,evaluate@1000", INIT, null, null),
                row("addresses found at start, the lease held: resume UP", "sec", INIT, "pri=-",
                        "restore:UP:held@0,lease:asked@0,lease:held,evaluate@1000", UP, Effect.RECONCILE, Type.STATE_CHANGED),
                row("addresses found at start, the lease not granted: release them", "sec", INIT, "pri=-",
                        "restore:UP:held@0,lease:asked@0,evaluate@5401", RELEASING, Effect.RELEASE, Type.STATE_CHANGED),
                row("addresses found at start, the lease lost: release them", "sec", INIT, "pri=-",
                        "restore:UP:held@0,lease:asked@0,lease:lost,evaluate@1000", RELEASING, Effect.RELEASE, Type.STATE_CHANGED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String name, String self, GroupState start, String peers, String inputs, GroupState state, Effect effect,
            Type event) {
        String node = self.split("/")[0];
        GroupSettings settings = settings(self.contains("/manual"), !self.contains("/disabled"));
        if (self.contains("/swapped")) {
            settings = new GroupSettings(settings.name(), List.of("pri", "ter", "sec"), settings.vips(), settings.manualFailback(),
                    settings.failbackDelayMillis(), settings.retryDelayMillis(), settings.enabled());
        }
        GroupStateMachine machine = new GroupStateMachine(node, settings, 0, LISTEN);
        drive(machine, start);
        List<PeerView> views = views(peers);
        Step last = Step.NOTHING;
        long now = T;
        for (String input : inputs.split(",")) {
            if (input.startsWith("peers:")) {
                views = views(input.substring("peers:".length()));
                continue;
            }
            if (input.contains("@")) {
                String at = input.substring(input.indexOf('@') + 1);
                now = at.startsWith("+") ? T + Long.parseLong(at.substring(1)) : Long.parseLong(at);
                input = input.substring(0, input.indexOf('@'));
            }
            last = apply(machine, input, views, now);
        }
        assertEquals(state, machine.state(), name);
        assertEquals(effect, last == Step.NOTHING ? null : last.effect(), name + ": effect");
        assertEquals(event, last.event(), name + ": event");
    }

    @org.junit.jupiter.api.Test
    void commandsThatDoNotApplyAreRefused() {
        GroupStateMachine machine = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        drive(machine, STANDBY);
        assertThrows(IllegalStateException.class, () -> machine.takeover(views("pri=UP"), T));
        assertThrows(IllegalStateException.class, () -> machine.release(T));
        assertThrows(IllegalStateException.class, () -> machine.recover(T));
        drive(machine, UP);
        assertThrows(IllegalStateException.class, () -> machine.takeover(views("pri=-"), T));

        GroupStateMachine unhealthy = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        drive(unhealthy, STANDBY);
        unhealthy.health(org.ipfailover.api.Health.UNHEALTHY, "link:eth0: NO-CARRIER");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> unhealthy.takeover(views("pri=-"), T));
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("link:eth0: NO-CARRIER"), refused.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aNodeAnnouncesItsPriorityOnlyWhileHealthy() {
        GroupStateMachine machine = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        assertEquals(254, machine.announcedPriority());
        machine.health(org.ipfailover.api.Health.PENDING, "http-web: not run yet");
        assertEquals(0, machine.announcedPriority(), "undecided: not eligible");
        machine.health(org.ipfailover.api.Health.UNHEALTHY, "http-web: connection refused");
        assertEquals(0, machine.announcedPriority());
        machine.health(org.ipfailover.api.Health.HEALTHY, "");
        assertEquals(254, machine.announcedPriority());
    }

    @org.junit.jupiter.api.Test
    void nextDeadlineIsWhenATimerEndsAndNothingOnceItHas() {
        GroupStateMachine listening = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        assertEquals(LISTEN, listening.nextDeadline(0), "the listen period ends");
        assertEquals(Long.MAX_VALUE, listening.nextDeadline(LISTEN), "a deadline that has passed is none");

        GroupStateMachine vetoed = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        drive(vetoed, TESTING);
        vetoed.tested(false, "veto", views("pri=-"), T);
        assertEquals(T + 5000, vetoed.nextDeadline(T), "the retry delay ends");

        GroupStateMachine holding = new GroupStateMachine("sec", settings(false, true), 0, LISTEN);
        drive(holding, UP);
        assertEquals(Long.MAX_VALUE, holding.nextDeadline(T), "nothing to wait for while nobody asks");
        holding.evaluate(views("pri=RECOVER"), T);
        assertEquals(T + 2000, holding.nextDeadline(T + 1), "the failback delay ends");

        GroupStateMachine manual = new GroupStateMachine("sec", settings(true, true), 0, LISTEN);
        drive(manual, UP);
        manual.evaluate(views("pri=RECOVER"), T);
        assertEquals(Long.MAX_VALUE, manual.nextDeadline(T + 1), "manual failback waits for the operator, not the clock");
    }

    private static Step apply(GroupStateMachine machine, String input, List<PeerView> views, long now) {
        String[] parts = input.split(":");
        return switch (parts[0]) {
            case "evaluate" -> machine.evaluate(views, now);
            case "tested" -> machine.tested(parts[1].equals("pass"), "Test " + parts[1], views, now);
            case "acquired" -> machine.acquired(parts[1].equals("ok"), parts[1].equals("abandoned"), "acquire " + parts[1], now);
            case "released" -> machine.released(parts[1].equals("ok"), "release " + parts[1], now);
            case "takeover" -> machine.takeover(views, now);
            case "release" -> machine.release(now);
            case "fail" -> machine.fail(now);
            case "stop" -> machine.releaseForStop(now);
            case "stuck" -> machine.stuck("a plugin does not return", now);
            case "recover" -> machine.recover(now);
            case "sick" -> {
                machine.health(org.ipfailover.api.Health.UNHEALTHY, "http-web: connection refused");
                yield Step.NOTHING;
            }
            case "pending" -> {
                machine.health(org.ipfailover.api.Health.PENDING, "http-web: not run yet");
                yield Step.NOTHING;
            }
            case "well" -> {
                machine.health(org.ipfailover.api.Health.HEALTHY, "");
                yield Step.NOTHING;
            }
            case "restore" -> machine.restore(GroupState.valueOf(parts[1]), parts[2].equals("held"), now);
            case "lease" -> switch (parts[1]) {
                case "asked" -> {
                    machine.lease(GroupStateMachine.LeaseHold.ASKED, now);
                    yield Step.NOTHING;
                }
                case "held" -> {
                    machine.lease(GroupStateMachine.LeaseHold.HELD, now);
                    yield Step.NOTHING;
                }
                case "granted" -> {
                    machine.lease(GroupStateMachine.LeaseHold.HELD, now);
                    yield machine.leaseGranted(views, now);
                }
                case "lost" -> {
                    machine.lease(GroupStateMachine.LeaseHold.LOST, now);
                    yield machine.leaseLost("the session is lost", now);
                }
                default -> throw new IllegalArgumentException(input);
            };
            case "disable" -> {
                GroupSettings s = machine.settings();
                machine.settings(new GroupSettings(s.name(), s.nodes(), s.vips(), s.manualFailback(), s.failbackDelayMillis(),
                        s.retryDelayMillis(), false));
                yield Step.NOTHING;
            }
            case "enable" -> {
                GroupSettings s = machine.settings();
                machine.settings(new GroupSettings(s.name(), s.nodes(), s.vips(), s.manualFailback(), s.failbackDelayMillis(),
                        s.retryDelayMillis(), true));
                yield Step.NOTHING;
            }
            default -> throw new IllegalArgumentException(input);
        };
    }

    /** Brings a machine to a state through real transitions. */
    private static void drive(GroupStateMachine machine, GroupState target) {
        if (target == INIT || target == DISABLED) {
            return;
        }
        List<PeerView> silent = views("pri=- sec=- ter=-");
        long t = LISTEN;
        if (machine.state() == INIT) {
            machine.evaluate(silent, t);
        }
        if (target == machine.state()) {
            return;
        }
        if (target == FAIL) {
            machine.fail(t);
            return;
        }
        if (target == STANDBY && machine.primary()) {
            drive(machine, UP);
            machine.release(t);
            machine.released(true, "", t);
            return;
        }
        machine.evaluate(silent, t);
        if (target == TESTING) {
            return;
        }
        machine.tested(true, "", silent, t);
        if (target == ACQUIRING) {
            return;
        }
        machine.acquired(true, "", t);
        if (target == RELEASING) {
            machine.release(t);
        }
        assertEquals(target, machine.state(), "driving to " + target);
    }

    private static List<PeerView> views(String spec) {
        List<PeerView> views = new ArrayList<>();
        for (String entry : spec.trim().split("\\s+")) {
            String[] pair = entry.split("=");
            switch (pair[1]) {
                case "-" -> views.add(new PeerView(pair[0], false, null));
                case "?" -> views.add(new PeerView(pair[0], true, null));
                case "!" -> views.add(new PeerView(pair[0], false, null, true));
                default -> {
                    String[] announced = pair[1].split("/");
                    int priority = announced.length > 1 ? Integer.parseInt(announced[1]) : -1;
                    views.add(new PeerView(pair[0], true, GroupState.valueOf(announced[0]), false, priority));
                }
            }
        }
        return views;
    }

    private static GroupSettings settings(boolean manual, boolean enabled) {
        return new GroupSettings("web", List.of("pri", "sec", "ter"), List.of(Vip.parse("eth0:198.51.100.10/24")), manual, 2000,
                5000, enabled);
    }

    private static Arguments row(String name, String self, GroupState start, String peers, String inputs, GroupState state,
            Effect effect, Type event) {
        return Arguments.of(name, self, start, peers, inputs, state, effect, event);
    }
}
