package org.ipfailover.actions.serveradmin.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessResult;
import org.ipfailover.process.internal.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops one action's services with its command, within one deadline, and reports per service. */
final class ServiceControl {
    static final long POLL_MILLIS = 250;
    /** How much of a command's output is kept, for its state and for messages. */
    static final int MAX_OUTPUT = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceControl.class);

    record Report(boolean success, String text) {
    }

    private final ServerAdminSettings settings;
    private final Path executable;
    private final ProcessRunner processes;
    private final long deadline;

    ServiceControl(ServerAdminSettings settings, Path executable, ProcessRunner processes) {
        this.settings = settings;
        this.executable = executable;
        this.processes = processes;
        this.deadline = System.nanoTime() + settings.timeout().toNanos();
    }

    /** Starts the service, then asks for its state until it runs or its start timeout passes. */
    Report start(String service) throws InterruptedException {
        Report failure = run(service, "start", settings.manager().start(service));
        if (failure != null) {
            return failure;
        }
        long started = System.nanoTime();
        long giveUp = Math.min(deadline, started + settings.startTimeout().toNanos());
        String state;
        while (true) {
            ProcessResult status = execute(service, "status", settings.manager().status(service));
            state = status == null ? "unknown" : settings.manager().state(service, status.exitStatus(), status.stdout());
            if (settings.manager().running(state)) {
                return new Report(true, String.format(Locale.ROOT, "%s running after %.1f s", service,
                        (System.nanoTime() - started) / 1e9));
            }
            if (System.nanoTime() + POLL_MILLIS * 1_000_000 > giveUp) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long seconds = Duration.ofNanos(giveUp - started).toSeconds();
        return new Report(false, service + " not running within " + seconds + " s (state: " + state + ")");
    }

    Report stop(String service) throws InterruptedException {
        Report failure = run(service, "stop", settings.manager().stop(service));
        return failure != null ? failure : new Report(true, service + " stopped");
    }

    /** @return the failure, or null when the command exited 0 */
    private Report run(String service, String verb, List<String> arguments) throws InterruptedException {
        if (left().isNegative() || left().isZero()) {
            return new Report(false, service + ": no time left to " + verb + " it (timeout " + settings.timeout().toSeconds() + " s)");
        }
        ProcessResult result = execute(service, verb, arguments);
        if (result == null) {
            return new Report(false, service + ": " + executable + " could not be started");
        }
        String command = executable.getFileName() + " " + String.join(" ", arguments);
        if (result.timedOut()) {
            return new Report(false, service + ": " + command + " timed out and was killed");
        }
        if (result.exitStatus() != 0) {
            String output = result.stdout().strip().replace('\n', ' ');
            return new Report(false, service + ": " + command + " exited " + result.exitStatus() + (output.isEmpty() ? "" : ": " + output));
        }
        return null;
    }

    /** @return the result, or null when the command could not be started (logged) */
    private ProcessResult execute(String service, String verb, List<String> arguments) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        String label = executable.getFileName() + " " + String.join(" ", arguments);
        ProcessResult result = processes.run(ProcessCommand.of(command, left()).environment(settings.environment()).mergeErrors()
                .maxOutput(MAX_OUTPUT));
        if (!result.started()) {
            LOG.error("{}: cannot run {}: {}", service, command, result.startFailure());
            return null;
        }
        boolean status = verb.equals("status");
        result.stdout().lines().forEach(line -> {
            if (status) {
                LOG.debug("{}: {}", label, line);
            } else {
                LOG.info("{}: {}", label, line);
            }
        });
        return result;
    }

    private Duration left() {
        return Duration.ofNanos(deadline - System.nanoTime());
    }
}
