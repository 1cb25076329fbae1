package org.ipfailover.actions.shell.internal;

import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.process.internal.ProcessRunner;
import org.ipfailover.process.internal.StrictModes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.ipfailover.action.shell} configuration as a {@link FailoverAction}. A configuration
 * that does not check out is reported and is never silent: until it is fixed, the action fails
 * every phase but Test in every group with the problems as the reason (the takeover goes on, the
 * failure is an event; a failing Test would veto every takeover). An update that does not check
 * out leaves the previous settings in place.
 */
@Component(service = FailoverAction.class, configurationPid = ShellConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ShellConfig.class, factory = true)
public class ShellAction implements FailoverAction {
    /** Lets the script's own timeout fire, and report, before the pipeline abandons the run. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ShellAction.class);
    private static final Set<Phase> UNCONFIGURED_PHASES = EnumSet.complementOf(EnumSet.of(Phase.TEST));

    private final ProcessRunner processes = new ProcessRunner("ipfailover-shell");
    private volatile ShellSettings settings;
    /** Why the configuration never checked out; what each run says while {@link #settings} is null. */
    private volatile String problems = "";

    @Activate
    public ShellAction(ShellConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    @Modified
    void configure(ShellConfig config, Map<String, Object> properties) {
        try {
            settings = check(config, properties);
        } catch (InvalidConfigurationException e) {
            if (settings != null) {
                LOG.warn("Shell action {} keeps its previous configuration", settings.name());
            } else {
                problems = e.getMessage();
                LOG.warn("Shell action from {} fails each phase it could serve until its configuration is fixed",
                        ConfigurationCheck.sourceOf(properties));
            }
        }
    }

    @Deactivate
    void deactivate() {
        processes.close();
    }

    @Override
    public String name() {
        ShellSettings current = settings;
        return current != null ? current.name() : "shell";
    }

    @Override
    public Set<Phase> phases() {
        ShellSettings current = settings;
        return current != null ? current.phases() : UNCONFIGURED_PHASES;
    }

    @Override
    public boolean appliesTo(String group) {
        ShellSettings current = settings;
        return current == null || current.appliesTo(group);
    }

    @Override
    public Duration timeout() {
        ShellSettings current = settings;
        return current != null ? current.timeout().plus(GRACE) : FailoverAction.super.timeout();
    }

    @Override
    public OnFailure onFailure() {
        ShellSettings current = settings;
        return current != null ? current.onFailure() : OnFailure.CONTINUE;
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        ShellSettings current = settings;
        if (current == null) {
            return ActionResult.failed(name(), "not configured: " + problems);
        }
        return new ScriptRun(current, StrictModes.forThisUser(current.strictModes()), processes).run(context);
    }

    /** @throws InvalidConfigurationException with every problem, each logged */
    private static ShellSettings check(ShellConfig config, Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(ShellConfig.class).orThrow(LOG::error);
        ShellSettings parsed = ShellSettings.of(config, properties, check);
        check.orThrow(LOG::error);
        warnAboutScripts(parsed);
        return parsed;
    }

    /** What an operator should hear about now rather than at the next takeover; none of it stops the action. */
    private static void warnAboutScripts(ShellSettings settings) {
        StrictModes strictModes = StrictModes.forThisUser(settings.strictModes());
        if (settings.serviceScript()) {
            if (!Files.isRegularFile(settings.script()) || !Files.isExecutable(settings.script())) {
                LOG.warn("Shell action {}: {} is not an executable file: its phases will fail until it is", settings.name(),
                        settings.script());
            } else {
                strictModes.problems(settings.script(), settings.script().getParent()).forEach(LOG::warn);
            }
        } else if (!Files.isDirectory(settings.folder())) {
            LOG.warn("Shell action {}: script folder {} does not exist: no script runs until it holds a folder per primary "
                    + "address (e.g. {})", settings.name(), settings.folder(), settings.folder().resolve("198.51.100.10"));
        } else {
            strictModes.problems(settings.folder()).forEach(LOG::warn);
        }
    }
}
