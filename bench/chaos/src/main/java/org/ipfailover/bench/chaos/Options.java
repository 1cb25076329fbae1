package org.ipfailover.bench.chaos;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The campaign's options. bench/chaos/run documents them (-h) and adds the lab, the work folder
 * and the copied distribution it made.
 */
record Options(int durationSeconds, int nodes, long seed, Set<FaultKind> faults, String lab, Path work, Path dist) {

    static Options parse(String[] args) {
        int duration = 1800;
        int nodes = 2;
        long seed = System.nanoTime() & 0xFFFFFFFFL;
        Set<FaultKind> faults = EnumSet.allOf(FaultKind.class);
        String lab = null;
        Path work = null;
        Path dist = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--duration" -> duration = number(arg, value(args, ++i, arg), 10, 86_400);
                case "--nodes" -> nodes = number(arg, value(args, ++i, arg), 2, 3);
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--faults" -> faults = FaultKind.parseList(value(args, ++i, arg));
                case "--lab" -> lab = value(args, ++i, arg);
                case "--work" -> work = Path.of(value(args, ++i, arg));
                case "--dist" -> dist = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "' (bench/chaos/run -h lists the options)");
            }
        }
        if (lab == null || work == null || dist == null) {
            throw new IllegalArgumentException("--lab, --work and --dist are set by bench/chaos/run; start the campaign with it");
        }
        return new Options(duration, nodes, seed, faults, lab, work, dist);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String option, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes " + min + " to " + max + ", not '" + text + "'");
    }

    String describeFaults() {
        return faults.size() == FaultKind.values().length ? "all kinds"
                : String.join(", ", faults.stream().map(k -> k.label()).toList()).toLowerCase(Locale.ROOT);
    }
}
