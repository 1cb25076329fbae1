package org.ipfailover.console.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ipfailover.api.Vip;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * Where {@code import-hostconfig} puts what it translated: a new {@code var/import-<time>/}, which
 * FileInstall does not watch, so that nothing reaches the running node before the operator has
 * reviewed it. {@code --apply} then moves the files into {@code conf/}, unless this node's key file
 * is missing or an address names an interface this host lacks: a node without its key, or with
 * Apple's interface names, would start taking addresses over at once.
 */
final class HostconfigStaging {
    static final String REPORT = "import-report.txt";
    static final String NODE_FILE = "org.ipfailover.node.cfg";
    static final String DEFAULT_KEY_FILE = "conf/ipfailover.key";
    static final String FIXME = "# FIXME: this host has no interface ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

    private final Function<String, Path> home;
    private final Predicate<String> hostHasInterface;

    /** @param home resolves a path against the node's home */
    HostconfigStaging(Function<String, Path> home, Predicate<String> hostHasInterface) {
        this.home = home;
        this.hostHasInterface = hostHasInterface;
    }

    /** @return a new, empty staging folder under var/ */
    Path newFolder(Instant now) throws IOException {
        Path var = Files.createDirectories(home.apply("var"));
        String name = "import-" + STAMP.format(now);
        for (int n = 1;; n++) {
            try {
                return Files.createDirectory(var.resolve(n == 1 ? name : name + "-" + n));
            } catch (FileAlreadyExistsException taken) {
                // another import in the same second
            }
        }
    }

    /** Writes the plan's files and the report into the staging folder. */
    static void stage(HostconfigImport.Plan plan, String report, Path folder) throws IOException {
        ConfFiles.write(plan.files(), folder, false);
        AtomicFiles.write(folder.resolve(REPORT), report.getBytes(StandardCharsets.UTF_8), AtomicFiles.CONFIGURATION, false);
    }

    /**
     * Moves the staged .cfg files into conf/, the node's file last.
     *
     * @param force whether files already in conf/ are replaced
     * @return the files written into conf/
     * @throws IllegalStateException naming every reason, when nothing was applied
     */
    List<Path> apply(Path folder, boolean force) throws IOException {
        List<Path> staged = staged(folder);
        Path conf = home.apply("conf");
        List<String> problems = new ArrayList<>();
        keyFile(folder).ifPresent(problems::add);
        for (Path file : staged) {
            if (file.getFileName().toString().startsWith("org.ipfailover.group-")) {
                missingInterfaces(file).forEach(problems::add);
            }
            Path target = conf.resolve(file.getFileName());
            if (!force && Files.exists(target)) {
                problems.add(target + " exists already: give --force to replace it");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("nothing applied from " + folder + ":\n  - " + String.join("\n  - ", problems));
        }
        List<Path> applied = new ArrayList<>();
        for (Path file : staged) {
            Path target = conf.resolve(file.getFileName());
            String content = Files.readString(file, StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith(FIXME))
                    .collect(Collectors.joining("\n", "", "\n"));
            AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.CONFIGURATION, force);
            Files.delete(file);
            applied.add(target);
        }
        return applied;
    }

    private static List<Path> staged(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder: give the folder import-hostconfig staged its files in "
                    + "(var/import-<time>/)");
        }
        List<Path> staged;
        try (Stream<Path> files = Files.list(folder)) {
            staged = files.filter(f -> f.getFileName().toString().matches("org\\.ipfailover\\.[^/]+\\.cfg"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().equals(NODE_FILE)).thenComparing(Path::getFileName))
                    .toList();
        }
        if (staged.isEmpty()) {
            throw new IllegalStateException("nothing applied: " + folder + " holds no staged org.ipfailover.*.cfg file (applied already?)");
        }
        return staged;
    }

    /** @return why the key file stands in the way, if it does */
    private Optional<String> keyFile(Path folder) throws IOException {
        Path nodeFile = folder.resolve(NODE_FILE);
        Properties node = Files.exists(nodeFile) ? properties(nodeFile) : properties(home.apply("conf").resolve(NODE_FILE));
        if ("none".equals(node.getProperty("auth", "").strip())) {
            return Optional.empty();
        }
        String configured = node.getProperty("keyFile", DEFAULT_KEY_FILE).strip();
        Path key = home.apply(configured);
        if (Files.exists(key)) {
            return Optional.empty();
        }
        return Optional.of("this node's key file " + key + " is missing: create it with failover:keygen " + configured
                + " on one node and copy it, mode 0600, to every node (else this node takes addresses over unheard)");
    }

    private List<String> missingInterfaces(Path groupFile) throws IOException {
        String vips = properties(groupFile).getProperty("vips", "");
        List<String> problems = new ArrayList<>();
        for (String item : ConfigurationCheck.items(new String[] {vips})) {
            String device;
            try {
                device = Vip.parse(item).device();
            } catch (IllegalArgumentException unparsable) {
                continue; // the group's own check names it when the node reads the file
            }
            if (!hostHasInterface.test(device)) {
                problems.add("vips of " + groupFile.getFileName() + " names interface " + device + ", which this host lacks: put this host's "
                        + "interface there (ip link lists them), or import again with --interface <Apple's name>=<interface>");
            }
        }
        return problems.stream().distinct().toList();
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        }
        return properties;
    }
}
