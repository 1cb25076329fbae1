package org.ipfailover.actions.serveradmin.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.process.internal.ProcessRunner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.ipfailover.action.serveradmin} configuration as a {@link FailoverAction}: starts
 * its services after the addresses arrive, stops them before they leave. A configuration that
 * does not check out is reported and is never silent: until it is fixed, the action fails both
 * its phases in every group with the problems as the reason (the takeover goes on, the failure is
 * an event). An update that does not check out leaves the previous settings in place.
 */
@Component(service = FailoverAction.class, configurationPid = ServerAdminConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerAdminConfig.class, factory = true)
public class ServerAdminAction implements FailoverAction {
    /** Lets the commands' own timeout fire, and report, before the pipeline abandons the run. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Set<Phase> PHASES = EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE);
    private static final Logger LOG = LoggerFactory.getLogger(ServerAdminAction.class);

    private final ProcessRunner processes = new ProcessRunner("ipfailover-serveradmin");
    private volatile ServerAdminSettings settings;
    /** Why the configuration never checked out; what each run says while {@link #settings} is null. */
    private volatile String problems = "";

    @Activate
    public ServerAdminAction(ServerAdminConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    @Modified
    void configure(ServerAdminConfig config, Map<String, Object> properties) {
        try {
            settings = check(config, properties);
        } catch (InvalidConfigurationException e) {
            if (settings != null) {
                LOG.warn("Service action {} keeps its previous configuration", settings.name());
            } else {
                problems = e.getMessage();
                LOG.warn("Service action from {} fails each takeover and release until its configuration is fixed",
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
        ServerAdminSettings current = settings;
        return current != null ? current.name() : "serveradmin";
    }

    @Override
    public Set<Phase> phases() {
        return PHASES;
    }

    @Override
    public boolean appliesTo(String group) {
        ServerAdminSettings current = settings;
        return current == null || current.appliesTo(group);
    }

    @Override
    public Duration timeout() {
        ServerAdminSettings current = settings;
        return current != null ? current.timeout().plus(GRACE) : FailoverAction.super.timeout();
    }

    @Override
    public OnFailure onFailure() {
        ServerAdminSettings current = settings;
        return current != null ? current.onFailure() : OnFailure.CONTINUE;
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        ServerAdminSettings current = settings;
        if (current == null) {
            return ActionResult.failed(name(), "not configured: " + problems);
        }
        if (!PHASES.contains(context.phase())) {
            return ActionResult.ok(current.name(), "nothing to do in " + context.phase());
        }
        Path executable = current.executable();
        if (executable == null) {
            return ActionResult.failed(current.name(), notFound(current));
        }
        ServiceControl control = new ServiceControl(current, executable, processes);
        boolean start = context.phase() == Phase.POST_ACQUIRE;
        List<String> services = new ArrayList<>(current.services());
        if (!start) {
            Collections.reverse(services);
        }
        boolean success = true;
        List<String> reports = new ArrayList<>();
        for (String service : services) {
            ServiceControl.Report report = start ? control.start(service) : control.stop(service);
            success &= report.success();
            reports.add(report.text());
        }
        return new ActionResult(current.name(), success, String.join("; ", reports));
    }

    /** @throws InvalidConfigurationException with every problem, each logged */
    private static ServerAdminSettings check(ServerAdminConfig config, Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(ServerAdminConfig.class).orThrow(LOG::error);
        ServerAdminSettings parsed = ServerAdminSettings.of(config, properties, check);
        check.orThrow(LOG::error);
        if (parsed.executable() == null) {
            LOG.warn("Service action {}: {}: its phases will fail until it is there", parsed.name(), notFound(parsed));
        }
        return parsed;
    }

    private static String notFound(ServerAdminSettings settings) {
        return settings.command().startsWith("/") ? settings.command() + " is not an executable file"
                : settings.command() + " is not found on " + settings.searchPath();
    }
}
