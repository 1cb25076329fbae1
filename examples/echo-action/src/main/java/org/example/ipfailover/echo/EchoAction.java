package org.example.ipfailover.echo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeHome;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code org.example.echo} configuration as a {@link FailoverAction}: each run appends one line
 * to a file. A configuration that does not check out is logged and serves no phase.
 */
@Component(service = FailoverAction.class, configurationPid = EchoConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EchoConfig.class, factory = true)
public class EchoAction implements FailoverAction {
    private static final Logger LOG = LoggerFactory.getLogger(EchoAction.class);

    record Settings(String name, Path file, String message, Set<Phase> phases, Set<String> groups, Duration timeout,
            OnFailure onFailure) {
    }

    private final String origin;
    private final Function<String, Path> resolver;
    private volatile Settings settings;
    private volatile String problems = "";

    @Activate
    public EchoAction(BundleContext context, EchoConfig config, Map<String, Object> properties) {
        this(config, properties, origin(context.getBundle()), path -> NodeHome.resolve(context, path));
    }

    EchoAction(EchoConfig config, Map<String, Object> properties, String origin, Function<String, Path> resolver) {
        this.origin = origin;
        this.resolver = resolver;
        configure(config, properties);
    }

    /**
     * One path for the first configuration and every update. A configuration that does not check
     * out leaves the previous settings in place; one that never did makes the action fail the
     * phases it could serve, with the problems as the reason, so that it is never silent.
     */
    @Modified
    void configure(EchoConfig config, Map<String, Object> properties) {
        try {
            settings = check(config, properties);
        } catch (InvalidConfigurationException e) {
            if (settings != null) {
                LOG.warn("Echo action {} keeps its previous configuration", settings.name());
            } else {
                problems = e.getMessage();
                LOG.warn("Echo action from {} fails each phase it could serve until its configuration is fixed",
                        ConfigurationCheck.sourceOf(properties));
            }
        }
    }

    @Override
    public String name() {
        Settings current = settings;
        return current != null ? current.name() : "echo";
    }

    @Override
    public Set<Phase> phases() {
        Settings current = settings;
        return current != null ? current.phases() : EnumSet.complementOf(EnumSet.of(Phase.TEST)); // a failing Test vetoes
    }

    @Override
    public boolean appliesTo(String group) {
        Settings current = settings;
        return current == null || current.groups().contains("*") || current.groups().contains(group);
    }

    @Override
    public Duration timeout() {
        Settings current = settings;
        return current != null ? current.timeout() : FailoverAction.super.timeout();
    }

    @Override
    public OnFailure onFailure() {
        Settings current = settings;
        return current != null ? current.onFailure() : OnFailure.CONTINUE;
    }

    @Override
    public ActionResult run(ActionContext context) throws IOException {
        Settings current = settings;
        if (current == null) {
            return ActionResult.failed(name(), "not configured: " + problems);
        }
        String vips = context.addresses().stream().map(Vip::toString).collect(Collectors.joining(","));
        String line = Instant.now() + " " + origin + " " + context.phase() + " group=" + context.group() + " vips=" + vips
                + " node=" + context.node() + " peer=" + context.peer() + " message=" + current.message() + "\n";
        synchronized (EchoAction.class) {
            // one write per line, appended: lines from several groups never interleave
            Files.writeString(current.file(), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return ActionResult.ok(current.name(), "appended to " + current.file());
    }

    /** @throws InvalidConfigurationException with every problem, each logged */
    private Settings check(EchoConfig config, Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(EchoConfig.class).orThrow(LOG::error);
        check.check(!config.file().isBlank(), "file", "is required: the file to append lines to");
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String phase : config.phases()) {
            try {
                phases.add(Phase.valueOf(phase.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                check.problem("phases", "\"" + phase + "\" is not one of " + Arrays.toString(Phase.values()));
            }
        }
        String onFailure = config.onFailure().trim().toLowerCase(Locale.ROOT);
        check.check(onFailure.equals("abort") || onFailure.equals("continue"), "onFailure", "expected abort or continue");
        check.check(config.timeout() > 0, "timeout", "must be at least 1 (seconds)");
        check.orThrow(LOG::error);
        String name = config.name().isBlank() ? "echo:" + ConfigurationCheck.nameOf(properties, EchoConfig.FACTORY_PID)
                : config.name().trim();
        Set<String> groups = Arrays.stream(config.groups()).map(String::trim).collect(Collectors.toUnmodifiableSet());
        return new Settings(name, resolver.apply(config.file().trim()), config.message(), Set.copyOf(phases), groups,
                Duration.ofSeconds(config.timeout()), onFailure.equals("abort") ? OnFailure.ABORT : OnFailure.CONTINUE);
    }

    private static String origin(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    @Override
    public String toString() {
        return name() + " (" + origin + ")";
    }
}
