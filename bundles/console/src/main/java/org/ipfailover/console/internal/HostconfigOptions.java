package org.ipfailover.console.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code import-hostconfig}: a hostconfig to stage, or with {@code --apply} a
 * staged folder to move into conf/.
 *
 * @param hostconfig the hostconfig file, or with {@code apply} the staged folder
 * @param interfaces Apple's interface names to this host's, from each {@code --interface en0=eth0}
 */
record HostconfigOptions(boolean apply, boolean force, String group, Map<String, String> interfaces, String hostconfig, String scripts) {
    static final String USAGE = "usage: import-hostconfig [--group <name>] [--interface <Apple's name>=<this host's>]... <hostconfig> "
            + "[<scripts folder>]\n       import-hostconfig --apply [--force] <staged folder>";

    HostconfigOptions {
        interfaces = Map.copyOf(interfaces);
    }

    /** @throws IllegalArgumentException saying what is wrong, with the usage */
    static HostconfigOptions parse(List<String> args) {
        boolean apply = false;
        boolean force = false;
        String group = null;
        Map<String, String> interfaces = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (Iterator<String> it = args.iterator(); it.hasNext();) {
            String arg = it.next();
            switch (arg) {
                case "-a", "--apply" -> apply = true;
                case "-f", "--force" -> force = true;
                case "-g", "--group" -> group = value(arg, it);
                case "-i", "--interface" -> map(value(arg, it), interfaces);
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw usage("unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (apply) {
            if (group != null || !interfaces.isEmpty()) {
                throw usage("--group and --interface belong to the import; --apply takes the staged folder as it is (edit its files first)");
            }
            if (positional.size() != 1) {
                throw usage("--apply takes one argument, the staged folder (var/import-<time>/)");
            }
            return new HostconfigOptions(true, force, null, Map.of(), positional.get(0), null);
        }
        if (force) {
            throw usage("an import replaces nothing (each goes into a new var/import-<time>/); --force goes with --apply, "
                    + "to replace files in conf/");
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw usage("give the hostconfig file, and the scripts folder if it is not " + HostconfigImport.DEFAULT_SCRIPTS);
        }
        String name = group == null ? HostconfigImport.DEFAULT_GROUP : group;
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw usage("\"" + name + "\" is not a group name (letters, digits, _ . -; at most 64)");
        }
        return new HostconfigOptions(false, false, name, interfaces, positional.get(0),
                positional.size() > 1 ? positional.get(1) : HostconfigImport.DEFAULT_SCRIPTS);
    }

    private static String value(String option, Iterator<String> it) {
        if (!it.hasNext()) {
            throw usage(option + " wants a value");
        }
        return it.next();
    }

    /** {@code en0=eth0}, or several separated by commas. */
    private static void map(String value, Map<String, String> interfaces) {
        for (String mapping : value.split(",")) {
            String[] names = mapping.strip().split("=", -1);
            if (names.length != 2 || !names[0].matches("[^\\s/=]{1,64}") || !names[1].matches("[^\\s/=]{1,64}")) {
                throw usage("--interface wants <Apple's name>=<this host's name>, e.g. --interface en0=eth0; got \"" + mapping + "\"");
            }
            String earlier = interfaces.putIfAbsent(names[0], names[1]);
            if (earlier != null && !earlier.equals(names[1])) {
                throw usage("--interface maps " + names[0] + " twice: to " + earlier + " and to " + names[1]);
            }
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException("import-hostconfig: " + problem + "\n" + USAGE);
    }
}
