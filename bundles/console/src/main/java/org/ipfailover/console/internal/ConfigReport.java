package org.ipfailover.console.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.ipfailover.api.config.ConfigurationCheck;
import org.osgi.service.cm.Configuration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * {@code failover:config}: every ipfailover configuration as ConfigAdmin holds it, each key with
 * its effective value, its default and its meaning from metatype. A value the components refused
 * (the type check they make, a key spelt in another case) is marked, with the value in force
 * where the key check saw it delivered. Values are printed as they are; files a value names (the
 * key file) are never read.
 */
final class ConfigReport {
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            ConfigurationCheck.FILEINSTALL_FILENAME);

    static final String NOT_IN_FORCE = "  ! not in force: the components keep the configuration they had, or stay inert if they never had "
            + "a usable one (fix the file and they take it)\n";

    private final MetatypeIndex index;
    private final Function<String, Map<String, Object>> inForce;

    ConfigReport(MetatypeIndex index) {
        this(index, pid -> null);
    }

    /** @param inForce per PID, the properties its components were last given and accepted; null when unknown */
    ConfigReport(MetatypeIndex index, Function<String, Map<String, Object>> inForce) {
        this.index = index;
        this.inForce = inForce;
    }

    String render(Configuration[] configurations) {
        Map<String, List<Configuration>> byPid = new TreeMap<>();
        index.designations().keySet().forEach(pid -> byPid.put(pid, new ArrayList<>()));
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            String pid = configuration.getFactoryPid() != null ? configuration.getFactoryPid() : configuration.getPid();
            if (pid.startsWith(MetatypeIndex.PREFIX) && configuration.getProperties() != null) {
                byPid.computeIfAbsent(pid, p -> new ArrayList<>()).add(configuration);
            }
        }
        StringBuilder text = new StringBuilder("* marks a value that differs from its default; ? a key the PID does not have; "
                + "! a value not in force\n");
        for (Map.Entry<String, List<Configuration>> entry : byPid.entrySet()) {
            MetatypeIndex.Designation designation = index.get(entry.getKey());
            List<Configuration> found = entry.getValue();
            found.sort((a, b) -> a.getPid().compareTo(b.getPid()));
            if (found.isEmpty()) {
                text.append('\n').append(heading(entry.getKey(), designation, null, null));
                text.append(designation.factory() ? "  no configuration (one file per instance: conf/" + entry.getKey() + "-<name>.cfg)\n"
                        : "  no configuration: " + entry.getKey() + ".cfg is absent\n");
                if (!designation.factory()) {
                    text.append(table(designation, Collections.emptyMap(), null));
                }
                continue;
            }
            for (Configuration configuration : found) {
                Dictionary<String, Object> properties = configuration.getProperties();
                text.append('\n').append(heading(entry.getKey(), designation, configuration, properties));
                text.append(table(designation, values(properties), inForce.apply(configuration.getPid())));
            }
        }
        return text.toString();
    }

    private static String heading(String pid, MetatypeIndex.Designation designation, Configuration configuration,
            Dictionary<String, Object> properties) {
        StringBuilder heading = new StringBuilder(pid);
        Map<String, Object> all = properties == null ? Map.of() : Dictionaries.map(properties);
        if (configuration != null && configuration.getFactoryPid() != null) {
            heading.append(" [").append(ConfigurationCheck.instanceNameOf(all, configuration.getFactoryPid()).orElse(configuration.getPid()))
                    .append(']');
        }
        List<String> about = new ArrayList<>();
        if (properties != null) {
            about.add(ConfigurationCheck.fileOf(all).map(file -> "file " + file).orElse("PID " + configuration.getPid()));
        }
        about.add(designation == null ? "no bundle designates this PID: misspelt, or its bundle is not installed"
                : (designation.factory() ? "factory, " : "") + "metatype from " + designation.bundle());
        heading.append("  (").append(String.join("; ", about)).append(")\n");
        if (designation != null) {
            ObjectClassDefinition definition = designation.definition();
            heading.append("  ").append(definition.getName());
            if (definition.getDescription() != null && !definition.getDescription().isBlank()) {
                heading.append(": ").append(definition.getDescription());
            }
            heading.append('\n');
        }
        return heading.toString();
    }

    /** @param force the properties in force, or null when unknown */
    private static String table(MetatypeIndex.Designation designation, Map<String, Object> values, Map<String, Object> force) {
        TextTable table = new TextTable("  KEY", "VALUE", "DEFAULT", "MEANING");
        Map<String, Object> unknown = new TreeMap<>(values);
        boolean refused = false;
        if (designation != null) {
            AttributeDefinition[] attributes = designation.definition().getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition attribute : attributes == null ? new AttributeDefinition[0] : attributes) {
                String key = attribute.getID();
                String fallback = show(attribute.getDefaultValue() == null ? List.of() : List.of(attribute.getDefaultValue()));
                boolean set = values.containsKey(key);
                String value = set ? show(ConfigurationCheck.texts(values.get(key))) : fallback;
                String problem = set ? ConfigurationTypes.problem(designation, key, values.get(key)) : null;
                String forced = force == null ? null : force.containsKey(key) ? show(ConfigurationCheck.texts(force.get(key))) : fallback;
                boolean notInForce = problem != null || forced != null && !same(forced, value);
                refused |= problem != null;
                String marker = notInForce ? "! " : set && !same(value, fallback) ? "* " : "  ";
                table.row(marker + key, value + inForceNote(problem, notInForce ? forced : null), fallback, attribute.getDescription());
                unknown.remove(key);
            }
        }
        Map<String, PidKeys.Stray> strays = new TreeMap<>();
        if (designation != null) {
            PidKeys.of(designation).strays(unknown.keySet()).forEach(stray -> strays.put(stray.key(), stray));
        }
        for (Map.Entry<String, Object> entry : unknown.entrySet()) {
            String value = show(ConfigurationCheck.texts(entry.getValue()));
            PidKeys.Stray stray = strays.get(entry.getKey());
            if (stray != null && stray.caseOnly()) {
                refused = true;
                table.row("! " + entry.getKey(), value + "  [rejected: keys are case-sensitive, write '" + stray.realKey() + "']", "-",
                        "not a key of this PID");
            } else if (designation != null && stray == null) {
                table.row("  " + entry.getKey(), value, "-", "for the OSGi framework (a reference target, a ranking, ...), not a setting");
            } else {
                table.row("? " + entry.getKey(), value, "-", "not a key of this PID: it has no effect"
                        + (stray != null && stray.realKey() != null ? " (did you mean '" + stray.realKey() + "'?)" : " (misspelt?)"));
            }
        }
        return table + (refused && force == null ? NOT_IN_FORCE : "");
    }

    private static String inForceNote(String problem, String forced) {
        if (problem == null) {
            return forced == null ? "" : "  [in force: " + forced + "]";
        }
        return "  [rejected: " + problem + (forced != null ? "; in force: " + forced : "") + "]";
    }

    private static boolean same(String shown, String other) {
        return normalized(shown).equals(normalized(other));
    }

    private static Map<String, Object> values(Dictionary<String, Object> properties) {
        Map<String, Object> values = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            if (!BOOKKEEPING.contains(key)) {
                values.put(key, properties.get(key));
            }
        }
        return values;
    }

    private static String show(List<String> texts) {
        String joined = String.join(", ", texts).strip();
        return joined.isEmpty() ? "(empty)" : joined.replace("\n", "\\n");
    }

    /** "pri, sec" and {"pri", "sec"} and "pri,sec" are the same value. */
    private static String normalized(String shown) {
        return shown.equals("(empty)") ? "" : String.join(",", shown.trim().split("\\s*[,;]\\s*|\\s+"));
    }
}
