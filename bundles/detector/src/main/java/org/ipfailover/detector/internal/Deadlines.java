package org.ipfailover.detector.internal;

/**
 * The detector's own times: when it started, and from when it may judge its peers again (not
 * while it was paused or unheard, since what it knows of them is old), with whether a pause
 * asks for the held addresses to be announced again. Written and read on the decision thread,
 * but at start.
 */
final class Deadlines {
    private long startedMillis;
    private long convictAfter;
    private boolean reannounceAfterPause;

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
        return now - convictAfter >= 0;
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
