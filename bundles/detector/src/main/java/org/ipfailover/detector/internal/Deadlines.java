package org.ipfailover.detector.internal;

/**
 * The detector's own times: when it started, and from when it may judge its peers again (not
 * while it was paused or unheard, nor while its own beats do not come through: what it knows of
 * them is old), with whether a pause asks for the held addresses to be announced again. Written
 * and read on the decision thread, but at start.
 */
final class Deadlines {
    private final SelfHearing self;
    private long startedMillis;
    private long convictAfter;
    private boolean reannounceAfterPause;

    Deadlines(SelfHearing self) {
        this.self = self;
    }

    void started() {
        startedMillis = Clock.millis();
    }

    long startedMillis() {
        return startedMillis;
    }

    long sinceStartMillis() {
        return Clock.millis() - startedMillis;
    }

    /** Peers are judged from {@code nanos} on. */
    void judgeFrom(long nanos) {
        convictAfter = nanos;
    }

    /** This node was paused: peers are judged from {@code nanos} on, and held addresses announced again. */
    void paused(long judgeFromNanos) {
        convictAfter = judgeFromNanos;
        reannounceAfterPause = true;
    }

    boolean judging(long now) {
        return now - convictAfter >= 0 && self.current(now);
    }

    /** @return whether peers may be judged but for this node's own receive path being behind */
    boolean behind(long now) {
        return now - convictAfter >= 0 && !self.current(now);
    }

    long convictAfter() {
        return convictAfter;
    }

    /** @return whether a pause asked for a re-announce since the last call */
    boolean takeReannounce() {
        boolean reannounce = reannounceAfterPause;
        reannounceAfterPause = false;
        return reannounce;
    }
}
