package org.ipfailover.actions.volume.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.process.internal.ProcessRunner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts a shared volume before the addresses arrive and unmounts it before they leave. A
 * configuration that does not check out is reported once and still registered: its every run
 * fails with the problems as the reason, so that a takeover never starts services on an empty
 * mount point.
 */
@Component(service = FailoverAction.class, configurationPid = VolumeConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VolumeConfig.class, factory = true)
public class VolumeAction implements FailoverAction {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeAction.class);
    private static final Set<Phase> PHASES = EnumSet.of(Phase.PRE_ACQUIRE, Phase.PRE_RELEASE);

    private final ProcessRunner processes = new ProcessRunner("ipfailover-volume");
    private final String name;
    private final VolumeSettings settings;
    private final Volumes volumes;
    private final List<String> problems;

    @Activate
    public VolumeAction(VolumeConfig config, Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(VolumeConfig.class);
        VolumeSettings parsed = null;
        if (check.problems().isEmpty()) {
            ConfigurationCheck host = ConfigurationCheck.of(properties);
            parsed = VolumeSettings.of(config, check, host, VolumeSettings.MACOS);
            host.problems().forEach(LOG::warn);
        }
        problems = check.problems();
        problems.forEach(LOG::error);
        settings = problems.isEmpty() ? parsed : null;
        volumes = settings != null ? settings.volumes(new Commands(processes)) : null;
        name = settings != null ? settings.name() : "volume:" + properties.getOrDefault("mountPoint", check.source());
        if (settings == null) {
            LOG.warn("{} fails every takeover it serves until {} is fixed", name, check.source());
        }
    }

    @Deactivate
    void deactivate() {
        processes.close();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Phase> phases() {
        return PHASES;
    }

    @Override
    public boolean appliesTo(String group) {
        return settings == null || settings.groups().isEmpty() || settings.groups().contains(group);
    }

    @Override
    public Duration timeout() {
        return settings != null ? settings.timeout() : FailoverAction.super.timeout();
    }

    @Override
    public OnFailure onFailure() {
        return settings != null ? settings.onFailure() : OnFailure.ABORT;
    }

    @Override
    public ActionResult run(ActionContext context) throws InterruptedException {
        if (settings == null) {
            return ActionResult.failed(name, "not configured: " + String.join("; ", problems));
        }
        // a little before the pipeline gives up, so that the reason is ours rather than "timed out"
        Deadline deadline = Deadline.in(context.timeout().multipliedBy(9).dividedBy(10));
        try {
            return switch (context.phase()) {
                case PRE_ACQUIRE -> ActionResult.ok(name, volumes.mount(deadline));
                case PRE_RELEASE -> ActionResult.ok(name, volumes.unmount(deadline));
                default -> ActionResult.ok(name, "nothing to do in " + context.phase());
            };
        } catch (VolumeException e) {
            return ActionResult.failed(name, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
