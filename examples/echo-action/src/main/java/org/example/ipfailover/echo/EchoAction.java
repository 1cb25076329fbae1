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

    @Activate
    public EchoAction(BundleContext context, EchoConfig config, Map<String, Object> properties) {
        this(config, properties, origin(context.getBundle()), path -> NodeHome.resolve(context, path));
    }

    EchoAction(EchoConfig config, Map<String, Object> properties, String origin, Function<String, Path> resolver) {
        this.origin = origin;
        this.resolver = resolver;
        this.settings = check(config, properties);
    }

    @Modified
    void modified(EchoConfig config, Map<String, Object> properties) {
        settings = check(config, properties);
    }

    @Override
    public String name() {
        Settings current = settings;
        return current != null ? current.name() : "echo";
    }

    @Override
    public Set<Phase> phases() {
        Settings current = settings;
        return current != null ? current.phases() : Set.of();
    }

    @Override
    public boolean appliesTo(String group) {
        Settings current = settings;
        return current != null && (current.groups().contains("*") || current.groups().contains(group));
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
            return ActionResult.failed(name(), "its configuration does not check out (see the log)");
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

    private Settings check(EchoConfig config, Map<String, Object> properties) {
        try {
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
            String name = config.name().isBlank() ? "echo:" + configurationName(properties) : config.name().trim();
            Set<String> groups = Arrays.stream(config.groups()).map(String::trim).collect(Collectors.toUnmodifiableSet());
            return new Settings(name, resolver.apply(config.file().trim()), config.message(), Set.copyOf(phases), groups,
                    Duration.ofSeconds(config.timeout()), onFailure.equals("abort") ? OnFailure.ABORT : OnFailure.CONTINUE);
        } catch (InvalidConfigurationException e) {
            LOG.warn("Echo action from {} serves no phase until its configuration is fixed", ConfigurationCheck.sourceOf(properties));
            return null;
        }
    }

    /** {@code demo} for {@code conf/org.example.echo-demo.cfg}, else the PID. */
    private static String configurationName(Map<String, Object> properties) {
        boolean fromFile = properties.get(ConfigurationCheck.FILEINSTALL_FILENAME) != null;
        String source = fromFile ? Path.of(ConfigurationCheck.sourceOf(properties)).getFileName().toString() : "";
        String prefix = EchoConfig.FACTORY_PID + "-";
        if (source.startsWith(prefix) && source.endsWith(".cfg")) {
            return source.substring(prefix.length(), source.length() - ".cfg".length());
        }
        return String.valueOf(properties.getOrDefault("service.pid", "?"));
    }

    private static String origin(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    @Override
    public String toString() {
        return name() + " (" + origin + ")";
    }
}
