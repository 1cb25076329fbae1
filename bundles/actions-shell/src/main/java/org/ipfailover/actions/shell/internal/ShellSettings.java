package org.ipfailover.actions.shell.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * One shell action's configuration, checked.
 *
 * @param script the service script, or null for script folders
 */
record ShellSettings(String name, Path folder, Path script, Duration timeout, boolean strictModes, OnFailure onFailure,
        List<String> groups) {
    static final Path APPLE_FOLDER = Path.of("/Library/IPFailover");
    static final Path FOLDER = Path.of("/etc/ipfailover");

    ShellSettings {
        groups = List.copyOf(groups);
    }

    boolean serviceScript() {
        return script != null;
    }

    Set<Phase> phases() {
        return serviceScript() ? EnumSet.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE) : EnumSet.allOf(Phase.class);
    }

    boolean appliesTo(String group) {
        return groups.contains("*") || groups.contains(group);
    }

    static ShellSettings of(ShellConfig config, Map<String, ?> properties, ConfigurationCheck check) {
        String name = config.name().isBlank() ? "shell:" + ConfigurationCheck.nameOf(properties, ShellConfig.FACTORY_PID) : config.name().trim();
        Path script = config.script().isBlank() ? null : Path.of(config.script().trim());
        check.check(script == null || script.isAbsolute(), "script", "\"" + config.script() + "\" is not an absolute path");
        check.check(script == null || config.folder().isBlank(), "folder", "set either folder (script folders) or script "
                + "(a service script), not both");
        Path folder = config.folder().isBlank() ? defaultFolder() : Path.of(config.folder().trim());
        check.check(folder.isAbsolute(), "folder", "\"" + config.folder() + "\" is not an absolute path");
        check.check(config.timeout() > 0, "timeout", "must be at least 1 second");
        OnFailure onFailure = switch (config.onFailure().trim().toLowerCase(Locale.ROOT)) {
            case "abort" -> OnFailure.ABORT;
            case "continue" -> OnFailure.CONTINUE;
            default -> {
                check.problem("onFailure", "value \"" + config.onFailure() + "\" is not abort or continue");
                yield OnFailure.ABORT;
            }
        };
        List<String> groups = ConfigurationCheck.items(config.groups());
        check.check(!groups.isEmpty(), "groups", "names no group: write * for all");
        return new ShellSettings(name, folder, script, Duration.ofSeconds(Math.max(1, config.timeout())), config.strictModes(),
                onFailure, groups);
    }

    static Path defaultFolder() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac") ? APPLE_FOLDER : FOLDER;
    }
}
