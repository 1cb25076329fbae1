package org.ipfailover.console.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipfailover.api.FailoverControl;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * On SIGTERM or SIGINT, stops the framework so that every component deactivates (addresses are
 * released, journals flushed) before the JVM ends. It waits as long as the release actions may
 * take ({@link StopBudget}) and exits 0 once the framework has stopped, or 1 if it has not by then:
 * a service manager then sees a stop that failed. The bnd launcher would otherwise let the JVM die
 * under the running framework. A signal handler rather than a shutdown hook, so that an exit the
 * framework itself asks for keeps its status.
 */
@Component(immediate = true)
public class CleanStopOnSignal {
    static final int STOPPED = 0;
    static final int NOT_STOPPED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(CleanStopOnSignal.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");
    /** How long the launcher's exit waits beyond the budget for the stopper to set the status. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile FailoverControl detector;

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Activate
    public CleanStopOnSignal(BundleContext context) {
        Framework framework = (Framework) context.getBundle(0);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> stop(framework, s)));
        }
    }

    @Deactivate
    void deactivate() {
        previous.forEach(Signal::handle);
    }

    private void stop(Framework framework, Signal signal) {
        if (!stopping.compareAndSet(false, true)) {
            LOG.info("SIG{}: the node is stopping already", signal.getName());
            return;
        }
        FailoverControl releasing = detector;
        new Thread(() -> {
            Duration budget = StopBudget.of(releasing);
            LOG.info("SIG{}: stopping: up to {} s for the release actions", signal.getName(), budget.toSeconds());
            Thread stopper = Thread.currentThread();
            // The launcher exits with its own "stopped" status as soon as the framework has stopped;
            // a stop the operator asked for ends with this thread's status instead.
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        stopper.join(budget.plus(GRACE).toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(NOT_STOPPED);
                }, "ipfailover-exit-status"));
            } catch (IllegalStateException exitingAlready) {
                return; // the framework stopped some other way, and the JVM exits with the launcher's status
            }
            Runtime.getRuntime().halt(stopWithin(framework, budget));
        }, "ipfailover-clean-stop").start();
    }

    /** @return the exit status: {@link #STOPPED} once the framework has stopped within the budget, else {@link #NOT_STOPPED} */
    static int stopWithin(Framework framework, Duration budget) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(budget.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.error("The node did not stop within {} s (release actions still running?): exiting with status {}; check which groups "
                        + "this node still holds and what the kernel holds", budget.toSeconds(), NOT_STOPPED);
                return NOT_STOPPED;
            }
            LOG.info("Node stopped");
            return STOPPED;
        } catch (BundleException e) {
            LOG.error("The node did not stop cleanly: {}: exiting with status {}", e.getMessage(), NOT_STOPPED);
            return NOT_STOPPED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("The node's stop was interrupted: exiting with status {}", NOT_STOPPED);
            return NOT_STOPPED;
        }
    }
}
