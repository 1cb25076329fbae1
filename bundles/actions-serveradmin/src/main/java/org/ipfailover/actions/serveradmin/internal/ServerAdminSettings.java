package org.ipfailover.actions.serveradmin.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * One serveradmin action's configuration, checked.
 *
 * @param command the command's name, or its absolute path
 * @param path where to look the command up, or null for the node's PATH
 */
record ServerAdminSettings(String name, List<String> services, ServiceManager manager, String command, String path,
        Duration startTimeout, Duration timeout, OnFailure onFailure, List<String> groups) {
    /** A name, not an option: nothing the command could read as a flag. */
    private static final String SERVICE_NAME = "[A-Za-z0-9_@][A-Za-z0-9_@.:+-]*";

    ServerAdminSettings {
        services = List.copyOf(services);
        groups = List.copyOf(groups);
    }

    boolean appliesTo(String group) {
        return groups.contains("*") || groups.contains(group);
    }

    /** @return the command's executable, or null when it is not found */
    Path executable() {
        if (command.startsWith("/")) {
            Path absolute = Path.of(command);
            return Files.isExecutable(absolute) ? absolute : null;
        }
        for (String folder : searchPath().split(File.pathSeparator)) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** @return where the command is looked up */
    String searchPath() {
        return path != null ? path : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    }

    /** @return what the command's environment adds to the node's */
    Map<String, String> environment() {
        return path != null ? Map.of("PATH", path) : Map.of();
    }

    static ServerAdminSettings of(ServerAdminConfig config, Map<String, ?> properties, ConfigurationCheck check) {
        String name = config.name().isBlank() ? "serveradmin:" + ConfigurationCheck.nameOf(properties, ServerAdminConfig.FACTORY_PID)
                : config.name().trim();
        List<String> services = ConfigurationCheck.items(config.services());
        check.check(!services.isEmpty(), "services", "names no service, e.g. services = web, afp");
        for (String service : services) {
            check.check(service.matches(SERVICE_NAME), "services", "\"" + service + "\" is not a service name");
        }
        String command = config.command().isBlank() ? defaultCommand() : config.command().trim();
        check.check(!command.contains("/") || command.startsWith("/"), "command",
                "\"" + command + "\" is neither a command name nor an absolute path");
        ServiceManager manager = manager(command.substring(command.lastIndexOf('/') + 1));
        check.check(manager != null, "command", "unknown command \"" + config.command() + "\": expected one of "
                + Arrays.toString(ServiceManager.values()) + ", by name or as an absolute path");
        check.check(config.startTimeout() > 0, "startTimeout", "must be at least 1 second");
        check.check(config.timeout() > 0, "timeout", "must be at least 1 second");
        OnFailure onFailure = switch (config.onFailure().trim().toLowerCase(Locale.ROOT)) {
            case "abort" -> OnFailure.ABORT;
            case "continue" -> OnFailure.CONTINUE;
            default -> {
                check.problem("onFailure", "value \"" + config.onFailure() + "\" is not continue or abort");
                yield OnFailure.CONTINUE;
            }
        };
        List<String> groups = ConfigurationCheck.items(config.groups());
        check.check(!groups.isEmpty(), "groups", "names no group: write * for all");
        return new ServerAdminSettings(name, services, manager, command, config.path().isBlank() ? null : config.path().trim(),
                Duration.ofSeconds(Math.max(1, config.startTimeout())), Duration.ofSeconds(Math.max(1, config.timeout())),
                onFailure, groups);
    }

    static String defaultCommand() {
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");
        return (mac ? ServiceManager.serveradmin : ServiceManager.systemctl).name();
    }

    private static ServiceManager manager(String name) {
        for (ServiceManager manager : ServiceManager.values()) {
            if (manager.name().equals(name)) {
                return manager;
            }
        }
        return null;
    }
}
