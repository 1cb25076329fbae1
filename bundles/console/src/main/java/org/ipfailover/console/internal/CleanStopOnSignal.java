package org.ipfailover.console.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * On SIGTERM or SIGINT, stops the framework so that every component deactivates (addresses are
 * released, journals flushed) before the JVM ends, and exits 0: a requested stop is a clean
 * stop. The bnd launcher would otherwise let the JVM die under the running framework. A signal
 * handler rather than a shutdown hook, so that an exit the framework itself asks for keeps its
 * status.
 */
@Component(immediate = true)
public class CleanStopOnSignal {
    private static final Logger LOG = LoggerFactory.getLogger(CleanStopOnSignal.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final Map<Signal, SignalHandler> previous = new java.util.HashMap<>();

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

    private static void stop(Framework framework, Signal signal) {
        Thread stopper = new Thread(() -> {
            LOG.info("SIG{}: stopping the node", signal.getName());
            try {
                framework.stop();
                framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
                LOG.info("Node stopped");
                Runtime.getRuntime().halt(0);
            } catch (BundleException e) {
                LOG.error("Node did not stop cleanly: {}", e.getMessage());
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ipfailover-clean-stop");
        // The launcher exits with its own "stopped" status as soon as the framework has stopped;
        // a stop the operator asked for ends with the stopper's status instead.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stopper.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, "ipfailover-exit-0"));
        stopper.start();
    }
}
