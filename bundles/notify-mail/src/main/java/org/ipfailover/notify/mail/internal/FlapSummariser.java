package org.ipfailover.notify.mail.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.FailoverEvent;

/**
 * Keeps a peer whose networks flap from flooding the mailbox: the first anomaly change is mailed
 * at once and opens a window; changes within the window are counted and mailed as one summary
 * when it ends, which opens the next window. A window without changes closes, so the next change
 * is mailed at once again. A flood of N changes over time T gives at most 1 + T / window mails.
 */
final class FlapSummariser {
    /** What to do with an anomaly change. */
    enum Verdict {
        /** Mail it, and close the peer's window after the window's length. */
        MAIL_AND_OPEN_WINDOW,
        /** Counted for the summary: do not mail it. */
        SUMMARISE
    }

    /**
     * @param peer the flapping peer
     * @param changes how many changes the summary stands for
     * @param windowMillis the window's length
     * @param last the latest change
     */
    record Summary(String peer, int changes, long windowMillis, FailoverEvent last) {
    }

    private static final class Window {
        int changes;
        FailoverEvent last;
    }

    private final long windowMillis;
    private final Map<String, Window> windows = new HashMap<>();

    FlapSummariser(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    static boolean concerns(FailoverEvent event) {
        return event.type() == FailoverEvent.Type.ANOMALY || event.type() == FailoverEvent.Type.ANOMALY_CLEARED;
    }

    synchronized Verdict offer(FailoverEvent event) {
        Window window = windows.get(key(event));
        if (window == null) {
            windows.put(key(event), new Window());
            return Verdict.MAIL_AND_OPEN_WINDOW;
        }
        window.changes++;
        window.last = event;
        return Verdict.SUMMARISE;
    }

    /**
     * Ends the peer's window.
     *
     * @return the summary to mail, and the next window is open; or null, and the peer has no window
     */
    synchronized Summary close(String peer) {
        Window window = windows.get(peer);
        if (window == null) {
            return null;
        }
        if (window.changes == 0) {
            windows.remove(peer);
            return null;
        }
        Summary summary = new Summary(peer, window.changes, windowMillis, window.last);
        window.changes = 0;
        window.last = null;
        return summary;
    }

    /** Ends every window now (the notifier stops): @return the summaries still owed */
    synchronized List<Summary> closeAll() {
        List<Summary> owed = new ArrayList<>();
        for (String peer : List.copyOf(windows.keySet())) {
            Summary summary = close(peer);
            if (summary != null) {
                owed.add(summary);
            }
        }
        windows.clear();
        return owed;
    }

    static String key(FailoverEvent event) {
        return event.peer() != null ? event.peer() : "";
    }
}
