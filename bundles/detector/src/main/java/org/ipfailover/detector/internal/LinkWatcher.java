package org.ipfailover.detector.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.NetworkBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one link watch running on the current network backend and hands what it reports to the
 * {@link HealthBoard} on the decision thread. A watch of a replaced backend is closed, and what it
 * still says is ignored. A backend that cannot watch leaves links untracked, said once.
 */
final class LinkWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    static final long START_TIMEOUT_MILLIS = 5_000;

    private final DecisionThread thread;
    private final HealthBoard board;
    private final Guard guard;
    private final ExecutorService starter;
    private final Pipeline pipeline;
    private NetworkBackend backend;
    private String backendName = "the network backend";
    private LinkWatch watch;
    private int generation;
    private boolean stopped;

    LinkWatcher(DecisionThread thread, HealthBoard board, Guard guard, Pipeline pipeline, ExecutorService starter) {
        this.thread = thread;
        this.pipeline = pipeline;
        this.board = board;
        this.guard = guard;
        this.starter = starter;
    }

    /** On the decision thread: the backend is this one now (or none). */
    void backend(NetworkBackend next) {
        if (stopped || next == backend) {
            return;
        }
        closeWatch();
        backend = next;
        int mine = ++generation;
        if (next == null) {
            board.watching(HealthBoard.Watching.NO_BACKEND, "no network backend");
            return;
        }
        board.watching(HealthBoard.Watching.STARTING, "");
        try {
            starter.execute(() -> start(next, mine));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Detector stopping: no link watch started");
        }
    }

    private void start(NetworkBackend on, int mine) {
        String name = pipeline.nameOf(on);
        LinkListener listener = new LinkListener() {
            @Override
            public void linkChanged(LinkState state) {
                thread.decide(() -> {
                    if (mine == generation) {
                        board.link(state);
                    }
                });
            }

            @Override
            public void watchInterrupted(String reason) {
                LOG.debug("Link watch of {} interrupted ({}): the interfaces' states may be stale until it is back", name, reason);
            }
        };
        try {
            LinkWatch started = guard.call(name + ": watching links", START_TIMEOUT_MILLIS, () -> on.watchLinks(listener));
            thread.decide(() -> {
                if (mine != generation || stopped) {
                    watch = started;
                    closeWatch();
                    return;
                }
                watch = started;
                backendName = name;
                LOG.info("Watching the links of this host's interfaces through {}", name);
                board.watching(HealthBoard.Watching.WATCHED, "");
            });
        } catch (Guard.PluginFailure e) {
            thread.decide(() -> {
                if (mine == generation) {
                    boolean unsupported = e.getCause() instanceof BackendException;
                    LOG.warn("Link tracking is off: {}{}", e.getMessage(), unsupported
                            ? " (a pulled cable moves a group only once the peers find this node silent)" : "");
                    board.watching(HealthBoard.Watching.UNWATCHED, e.getMessage());
                }
            });
        }
    }

    /** On the decision thread: the detector stops. */
    void stop() {
        stopped = true;
        generation++;
        closeWatch();
    }

    private void closeWatch() {
        LinkWatch running = watch;
        watch = null;
        if (running != null) {
            String name = backendName;
            try {
                starter.execute(() -> {
                    try {
                        guard.call(name + ": closing the link watch", START_TIMEOUT_MILLIS, () -> {
                            running.close();
                            return Boolean.TRUE;
                        });
                    } catch (Guard.PluginFailure e) {
                        LOG.warn("{}", e.getMessage());
                    }
                });
            } catch (RejectedExecutionException stopping) {
                running.close(); // the detector stops: its threads are going, the watch's process must not stay
            }
        }
    }
}
