package org.ipfailover.actions.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.StrictModes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One phase of a shell action: the scripts it runs, one after the other, within one deadline. */
final class ScriptRun {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRun.class);

    private final ShellSettings settings;
    private final StrictModes strictModes;
    private final ProcessRunner processes;

    ScriptRun(ShellSettings settings, StrictModes strictModes, ProcessRunner processes) {
        this.settings = settings;
        this.strictModes = strictModes;
        this.processes = processes;
    }

    ActionResult run(ActionContext context) throws InterruptedException {
        return settings.serviceScript() ? serviceScript(context) : scriptFolder(context);
    }

    private ActionResult serviceScript(ActionContext context) throws InterruptedException {
        String argument = switch (context.phase()) {
            case POST_ACQUIRE -> "up";
            case PRE_RELEASE -> "down";
            default -> null;
        };
        Path script = settings.script();
        if (argument == null) {
            return ActionResult.ok(settings.name(), script.getFileName() + " has nothing to do in " + context.phase());
        }
        if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
            return ActionResult.failed(settings.name(), script + " is not an executable file");
        }
        List<String> refusals = strictModes.problems(script, script.getParent());
        if (!refusals.isEmpty()) {
            return refused(refusals);
        }
        ScriptOutcome outcome = execute(script.getFileName() + " " + argument, List.of(script.toString(), argument),
                script.getParent(), context, settings.timeout());
        return new ActionResult(settings.name(), outcome.success(), outcome.describe());
    }

    private ActionResult scriptFolder(ActionContext context) throws InterruptedException {
        Vip primary = context.primaryAddress();
        if (primary == null) {
            return ActionResult.ok(settings.name(), "the group has no address, so no script folder");
        }
        String address = primary.address().getHostAddress();
        Path folder = settings.folder().resolve(address);
        if (!Files.isDirectory(folder)) {
            return ActionResult.ok(settings.name(), "no script folder " + folder);
        }
        List<String> refusals = strictModes.problems(settings.folder(), folder);
        if (!refusals.isEmpty()) {
            return refused(refusals);
        }
        List<Path> scripts;
        try {
            scripts = ScriptFolder.scripts(folder, context.phase());
        } catch (IOException e) {
            return ActionResult.failed(settings.name(), "cannot list " + folder + ": " + e);
        }
        if (scripts.isEmpty()) {
            return ActionResult.ok(settings.name(), "no " + ScriptFolder.pattern(context.phase()) + " script in " + folder);
        }
        return runAll(scripts, address, folder, context);
    }

    private ActionResult runAll(List<Path> scripts, String address, Path folder, ActionContext context) throws InterruptedException {
        boolean stopAtFailure = context.phase() == Phase.TEST
                || !context.phase().release() && settings.onFailure() == OnFailure.ABORT;
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<String> reports = new ArrayList<>();
        boolean success = true;
        for (Path script : scripts) {
            String label = address + "/" + script.getFileName();
            String failure = null;
            List<String> refusals = strictModes.problems(script);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (!Files.isExecutable(script)) {
                LOG.warn("{}: not executable, skipped", script);
                reports.add(script.getFileName() + " skipped (not executable)");
                continue;
            } else if (!refusals.isEmpty()) {
                refusals.forEach(LOG::error);
                failure = String.join("; ", refusals);
            } else if (left.toMillis() <= 0) {
                failure = script.getFileName() + " not run: the phase's " + settings.timeout().toSeconds() + " s are used up";
            } else {
                ScriptOutcome outcome = execute(label, List.of(script.toString()), folder, context, left);
                if (outcome.success()) {
                    reports.add(outcome.describe());
                } else {
                    failure = outcome.describe();
                }
            }
            if (failure != null) {
                reports.add(failure);
                success = false;
                if (stopAtFailure) {
                    break;
                }
            }
        }
        return new ActionResult(settings.name(), success, String.join("; ", reports));
    }

    /** Runs one script with stdin empty, its context in its environment and its output in the log, line by line. */
    private ScriptOutcome execute(String label, List<String> command, Path directory, ActionContext context, Duration timeout)
            throws InterruptedException {
        // the context is exactly what ScriptEnvironment says, whatever IPFAILOVER_* the node itself was started with
        ProcessCommand script = ProcessCommand.of(command, timeout).directory(directory).withoutInherited("IPFAILOVER_")
                .environment(ScriptEnvironment.of(context)).onLine((line, standardError) -> {
                    if (standardError) {
                        LOG.warn("{}: {}", label, line);
                    } else {
                        LOG.info("{}: {}", label, line);
                    }
                });
        return new ScriptOutcome(label, processes.run(script), timeout);
    }

    private ActionResult refused(List<String> refusals) {
        refusals.forEach(LOG::error);
        return ActionResult.failed(settings.name(), String.join("; ", refusals));
    }
}
