package org.ipfailover.console.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.ConfigurationRules;

/**
 * What check-config finds in one file on its own: a PID no bundle designates, keys the PID does not
 * have, values of the wrong type, out of the metatype's range or not one of its options, and
 * whatever the rules of the PID's components refuse ({@link ConfigurationRules}, the code the
 * components run at activation).
 */
final class ConfFileCheck {
    private final Map<String, BundleMetatypes.Pid> pids;
    private final List<ConfigurationRules> rules;
    private final ClassLoader loader;
    private final Path home;

    ConfFileCheck(Map<String, BundleMetatypes.Pid> pids, List<ConfigurationRules> rules, ClassLoader loader, Path home) {
        this.pids = pids;
        this.rules = rules;
        this.loader = loader;
        this.home = home;
    }

    /** @return whether the file is an ipfailover configuration (or meant to be one), checked into {@code problems} */
    boolean check(ConfFile file, ConfProblems problems) {
        String source = file.source();
        BundleMetatypes.Pid pid = pids.get(file.designated());
        if (pid == null) {
            String closest = ClosestKey.of(file.designated(), pids.keySet());
            boolean ours = file.designated().startsWith(MetatypeIndex.PREFIX)
                    || closest != null && ClosestKey.distance(file.designated(), closest) <= 2;
            if (ours) {
                problems.add(source, source + ": " + file.designated() + " is not a PID of any bundle of this node"
                        + (closest != null ? " (did you mean " + closest + (file.factoryPid() != null ? "-" + file.name() : "")
                                + extension(file.path()) + "?)" : " (its PIDs: " + String.join(", ", pids.keySet()) + ")"));
            }
            return ours;
        }
        if (pid.factory() != (file.factoryPid() != null)) {
            problems.add(source, source + ": " + (pid.factory()
                    ? pid.pid() + " takes one file per instance: " + pid.pid() + "-<name>" + extension(file.path())
                    : pid.pid() + " is a single configuration: " + pid.pid() + extension(file.path())));
            return true;
        }
        PidKeys keys = PidKeys.of(pid.pid(), pid.keys());
        keys.strays(file.properties().keySet()).forEach(stray -> problems.add(source, keys.describe(source, stray)));
        Class<? extends Annotation> annotation = annotation(pid);
        if (annotation != null) {
            ConfigurationCheck.of(file.properties()).types(annotation).problems().forEach(line -> problems.add(source, line));
        }
        for (BundleMetatypes.Attribute attribute : pid.attributes()) {
            Object value = file.properties().get(attribute.id());
            if (value != null && !problems.has(source, attribute.id())) {
                String problem = MetatypeRange.problem(attribute, ConfigurationCheck.texts(value));
                if (problem != null) {
                    problems.add(source, attribute.id(), problem);
                }
            }
        }
        for (ConfigurationRules rule : rules) {
            if (rule.pids().contains(pid.pid())) {
                apply(rule, pid.pid(), file, problems);
            }
        }
        return true;
    }

    private void apply(ConfigurationRules rule, String pid, ConfFile file, ConfProblems problems) {
        List<String> lines;
        try {
            lines = rule.problems(pid, new TreeMap<>(file.properties()), home);
        } catch (RuntimeException | LinkageError e) {
            lines = new ArrayList<>(List.of(file.source() + ": could not be checked by " + rule.getClass().getName() + ": " + e));
        }
        lines.forEach(line -> problems.add(file.source(), line));
    }

    private Class<? extends Annotation> annotation(BundleMetatypes.Pid pid) {
        try {
            Class<?> type = Class.forName(pid.ocd(), false, loader);
            return type.isAnnotation() ? type.asSubclass(Annotation.class) : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        return name.substring(name.lastIndexOf('.'));
    }
}
