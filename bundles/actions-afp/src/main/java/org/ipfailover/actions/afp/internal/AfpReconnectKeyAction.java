package org.ipfailover.actions.afp.internal;

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
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AFP reconnect-key relocation: after the takeover, {@code reconnectKeyLocation} points at the
 * shared volume; before the release it is optionally put back. A configuration that does not check
 * out is reported once and still registered, failing each run with the problems as the reason.
 */
@Component(service = FailoverAction.class, configurationPid = AfpConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AfpConfig.class)
public class AfpReconnectKeyAction implements FailoverAction {
    static final String NAME = "afp-reconnect-key";
    private static final Logger LOG = LoggerFactory.getLogger(AfpReconnectKeyAction.class);

    private final AfpSettings settings;
    private final ReconnectKey key;
    private final List<String> problems;

    @Activate
    public AfpReconnectKeyAction(BundleContext context, AfpConfig config, Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(AfpConfig.class);
        AfpSettings parsed = null;
        if (check.problems().isEmpty()) {
            ConfigurationCheck host = ConfigurationCheck.of(properties);
            parsed = AfpSettings.of(config, check, host, path -> NodeHome.resolve(context, path));
            host.problems().forEach(LOG::warn);
        }
        problems = check.problems();
        problems.forEach(LOG::error);
        settings = problems.isEmpty() ? parsed : null;
        key = settings != null ? new ReconnectKey(settings.plist(), settings.location(), settings.stateFile()) : null;
        if (settings == null) {
            LOG.warn("{} fails each takeover it serves until {} is fixed", NAME, check.source());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Phase> phases() {
        return settings == null || settings.restoreOnRelease() ? EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE)
                : EnumSet.of(Phase.POST_ACQUIRE);
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
        return settings != null ? settings.onFailure() : OnFailure.CONTINUE;
    }

    /** Synchronized: two groups' pipelines must not interleave their changes to the one plist. */
    @Override
    public synchronized ActionResult run(ActionContext context) {
        if (settings == null) {
            return ActionResult.failed(NAME, "not configured: " + String.join("; ", problems));
        }
        try {
            return switch (context.phase()) {
                case POST_ACQUIRE -> ActionResult.ok(NAME, key.relocate());
                case PRE_RELEASE -> ActionResult.ok(NAME, settings.restoreOnRelease() ? key.restore() : "restoreOnRelease is false");
                default -> ActionResult.ok(NAME, "nothing to do in " + context.phase());
            };
        } catch (AfpException e) {
            return ActionResult.failed(NAME, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
