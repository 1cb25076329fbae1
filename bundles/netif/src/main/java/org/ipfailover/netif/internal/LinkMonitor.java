package org.ipfailover.netif.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.process.internal.RunningCommand;
import org.ipfailover.threads.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link watch of the iproute2 backend: one long-lived {@code ip -o monitor link}, and every
 * interface read with {@code ip -o link show} once the monitor listens, so that no change falls
 * between the two. The first monitor starts, and every interface is told, on the thread that asks
 * for the watch; one that ends is started again on the watch's own thread, 100 ms later at first and
 * up to 5 s apart, and every interface is told again. The listener is called with the watch's lock
 * held, so that {@link #close} returns only once no call is under way.
 */
final class LinkMonitor implements LinkWatch {
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);
    /** How long the interfaces wait for a monitor to listen, where /proc never shows it; the detector waits 5 s for a watch. */
    static final Duration LISTEN_WAIT = Duration.ofSeconds(2);
    private static final long CLOSE_WAIT_MILLIS = 5000;
    private static final int MALFORMED_LOGGED = 100;

    private final IpCommands commands;
    private final CommandRunner runner;
    private final LinkListener listener;
    private final Consumer<LinkMonitor> onClose;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Threads.single("ipfailover-netif-links"));
    private final Set<String> malformed = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final LinkTable table = new LinkTable();
    private final List<LinkLine> seenWhileListing = new ArrayList<>();
    private final Backoff retries = new Backoff(FIRST_RETRY, LAST_RETRY);
    private volatile Thread schedulerThread;
    /** Counts the monitor's starts and ends: a line or an end of an earlier one is ignored. */
    private int run;
    /** The monitor runs and the interfaces are being read: what it says waits for the list. */
    private boolean listing;
    /** An interruption was told, and no monitor has told the interfaces since. */
    private boolean interruptionTold;
    /** Closed: written under the lock, read also outside it. */
    private volatile boolean stopped;
    private RunningCommand monitor;

    /** @param onClose told when the watch has been closed, by its user or by {@link #end} */
    LinkMonitor(IpCommands commands, CommandRunner runner, LinkListener listener, Consumer<LinkMonitor> onClose) {
        this.commands = commands;
        this.runner = runner;
        this.listener = listener;
        this.onClose = onClose;
    }

    /**
     * Starts the monitor and tells every interface, on the calling thread.
     *
     * @throws BackendException when the monitor cannot start or the interfaces cannot be read: the watch is closed
     */
    void start() throws BackendException {
        int attempt = nextRun();
        String failure = attempt < 0 ? null : attempt(attempt);
        if (failure != null) {
            close();
            throw new BackendException(failure);
        }
    }

    /** @return the process id of the monitor running now, or -1 */
    long pid() {
        synchronized (lock) {
            return monitor == null ? -1 : monitor.pid();
        }
    }

    /** Closes the watch for the backend, which is withdrawn: the listener is told why, unless it knows already. */
    void end(String reason) {
        synchronized (lock) {
            if (!stopped && !interruptionTold) {
                interruptionTold = true;
                tellInterrupted(reason);
            }
        }
        close();
    }

    @Override
    public void close() {
        RunningCommand running;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            running = monitor;
            monitor = null;
        }
        onClose.accept(this);
        scheduler.shutdownNow();
        if (running != null) {
            running.stop();
        }
        // a close from the listener's call holds the lock that the monitor's end and the scheduler may need
        if (!Thread.holdsLock(lock) && Thread.currentThread() != schedulerThread) {
            awaitEnd(running);
            Threads.await(scheduler, CLOSE_WAIT_MILLIS);
        }
    }

    private void restart() {
        schedulerThread = Thread.currentThread();
        int attempt = nextRun();
        String failure = attempt < 0 ? null : attempt(attempt);
        if (failure != null) {
            interrupt(attempt, failure);
        }
    }

    /** @return the number of the monitor's next run, or -1 when the watch is closed */
    private int nextRun() {
        synchronized (lock) {
            if (stopped) {
                return -1;
            }
            listing = true;
            seenWhileListing.clear();
            table.forget();
            return ++run;
        }
    }

    /** @return why the monitor does not run with every interface told; null when it does, or the watch closed meanwhile */
    private String attempt(int attempt) {
        RunningCommand started = runner.spawn(commands.monitorLinks(), (line, standardError) -> heard(attempt, line, standardError));
        boolean closedMeanwhile;
        synchronized (lock) {
            closedMeanwhile = stopped;
            if (!closedMeanwhile) {
                monitor = started;
            }
        }
        if (closedMeanwhile) {
            started.stop();
            return null;
        }
        List<LinkLine> links;
        try {
            if (!NetlinkListening.await(started, LISTEN_WAIT)) {
                return endOf(started);
            }
            links = list();
        } catch (BackendException e) {
            return stopped ? null : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stopped ? null : "interrupted while `" + String.join(" ", commands.monitorLinks()) + "` started";
        }
        synchronized (lock) {
            if (stopped || attempt != run) {
                return null;
            }
            List<LinkState> states = table.start(links, seenWhileListing);
            seenWhileListing.clear();
            listing = false;
            retries.running();
            if (interruptionTold) {
                interruptionTold = false;
                LOG.info("Link watch: `{}` runs again; every interface is told again", String.join(" ", commands.monitorLinks()));
            }
            states.forEach(this::tell);
        }
        // only now: an end before this is the attempt's failure, told by its caller
        started.result().whenComplete((result, error) -> interrupt(attempt, endOf(started)));
        return null;
    }

    private static String endOf(RunningCommand ended) {
        return ended.result().handle((how, error) -> how != null ? CommandRunner.ending(how) : "its watch failed: " + error).join();
    }

    private void heard(int attempt, String line, boolean standardError) {
        if (standardError) {
            return;
        }
        Optional<LinkLine> link = parse(line);
        if (link.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (stopped || attempt != run) {
                return;
            }
            if (listing) {
                seenWhileListing.add(link.get());
            } else {
                table.change(link.get()).forEach(this::tell);
            }
        }
    }

    private void interrupt(int attempt, String reason) {
        RunningCommand ended;
        Duration retry;
        boolean first;
        synchronized (lock) {
            if (stopped || attempt != run) {
                return;
            }
            run++;
            ended = monitor;
            monitor = null;
            retry = retries.ended();
            first = !interruptionTold;
            interruptionTold = true;
            if (first) {
                tellInterrupted(reason);
            }
        }
        if (first) {
            LOG.warn("Link watch: {}; the interfaces' states may be stale until it runs again, in {} ms", reason, retry.toMillis());
        } else {
            LOG.debug("Link watch: {}; trying again in {} ms", reason, retry.toMillis());
        }
        if (ended != null) {
            ended.stop();
        }
        try {
            scheduler.schedule(this::restart, retry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            // the watch was closed: nothing more to start
        }
    }

    private List<LinkLine> list() throws BackendException {
        CommandResult result = runner.run(commands.links()).orThrow();
        List<LinkLine> links = new ArrayList<>();
        result.stdout().lines().forEach(line -> parse(line).ifPresent(links::add));
        return links;
    }

    private Optional<LinkLine> parse(String line) {
        try {
            return LinkLine.parse(line);
        } catch (IllegalArgumentException e) {
            if (malformed.size() < MALFORMED_LOGGED && malformed.add(line)) {
                LOG.debug("Link watch: ignored a line of ip ({}): {}", e.getMessage(), line);
            }
            return Optional.empty();
        }
    }

    private void tell(LinkState state) {
        try {
            listener.linkChanged(state);
        } catch (RuntimeException e) {
            LOG.warn("Link watch: the listener failed on {}: {}", state, e.toString());
        }
    }

    private void tellInterrupted(String reason) {
        try {
            listener.watchInterrupted(reason);
        } catch (RuntimeException e) {
            LOG.warn("Link watch: the listener failed on an interruption: {}", e.toString());
        }
    }

    private static void awaitEnd(RunningCommand running) {
        if (running == null) {
            return;
        }
        try {
            running.result().get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // stopped as far as it can be: what outlives KILL is in the kernel's hands
        }
    }
}
