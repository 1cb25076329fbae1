package org.ipfailover.detector.internal;

import org.ipfailover.api.GroupState;

/**
 * The steps the decision thread takes in one burst of work, carried out together: the journal is
 * written once for all of them (one fsync, not one per group: a crash that moves 256 groups takes
 * 768 steps), the announcements are published once, and only then do their effects start on the
 * groups' lanes, in the order they were decided. A burst that enters or leaves a state a restart
 * resumes from the journal (failed, a yielded primary) is written before anything else; any other
 * burst just after its announcement and effects have started: a restart works those states out
 * from the peers and the kernel again, and the disk's flush (milliseconds, tens on a busy disk) is
 * kept off the takeover and hand-back paths. A burst ends when the decision thread has no
 * other task due, when someone waits for its task, or after {@link #MAX_STEPS} steps or
 * {@link #MAX_NANOS}, so that a stream of outcomes is not held back. Off the decision thread
 * (nothing there ends a burst) a step is committed at once.
 */
final class StepBatch {
    static final int MAX_STEPS = 64;
    static final long MAX_NANOS = 5_000_000L;

    private final DecisionThread thread;
    private final JournalKeeper journal;
    private final Announcements announcements;
    private final Lanes lanes;
    private boolean open;
    private boolean durable;
    private int steps;
    private long since;

    StepBatch(DecisionThread thread, JournalKeeper journal, Announcements announcements, Lanes lanes) {
        this.thread = thread;
        this.journal = journal;
        this.announcements = announcements;
        this.lanes = lanes;
        thread.onTaskEnd(this::taskEnded);
    }

    /** A step begins: what it queues on the lanes waits for the commit. */
    synchronized void begin() {
        if (!open) {
            open = true;
            since = Clock.nanos();
            lanes.hold();
        }
        steps++;
    }

    /** @param kept the step enters or leaves a state a restart resumes from the journal: written before anything else */
    void journal(String group, GroupState state, boolean kept) {
        journal.stage(group, state);
        durable |= kept;
    }

    /** The step is applied. */
    void stepDone() {
        if (!thread.isDecisionThread()) {
            commit();
        }
    }

    private synchronized void taskEnded(boolean awaited) {
        if (open && (awaited || steps >= MAX_STEPS || Clock.nanos() - since >= MAX_NANOS || !thread.hasReadyTask())) {
            commit();
        }
    }

    /** The peers told (a beat goes out now) and the effects queued, the journal written before or just after them. */
    synchronized void commit() {
        if (!open) {
            return;
        }
        open = false;
        steps = 0;
        boolean first = durable;
        durable = false;
        try {
            if (first) {
                journal.commit();
            }
            announcements.publish();
        } finally {
            lanes.open();
            if (!first) {
                journal.commit();
            }
        }
    }
}
