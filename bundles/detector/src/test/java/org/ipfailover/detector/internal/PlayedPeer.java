package org.ipfailover.detector.internal;

import java.net.InetSocketAddress;
import java.util.List;
import org.ipfailover.api.Beat;
import org.ipfailover.api.GroupAnnouncement;
import org.ipfailover.api.QuorumFlags;

/** A peer a test plays: a beat every 25 ms on network "public" with one announcement, until its thread is interrupted. */
final class PlayedPeer {
    static final long EVERY_MILLIS = 25;

    private PlayedPeer() {
    }

    /**
     * @param boot the peer's boot id: a new one makes its beats newer than those of an earlier thread
     * @return the running thread (a daemon)
     */
    static Thread beats(Detector detector, String node, long boot, GroupAnnouncement announced, QuorumFlags flags) {
        Thread thread = new Thread(() -> {
            long sequence = 0;
            while (!Thread.currentThread().isInterrupted()) {
                detector.beat(new Beat(node, boot, sequence++, "public", 50, List.of(announced), new InetSocketAddress("127.0.0.1", 9),
                        System.nanoTime(), flags));
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "beats from " + node);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
