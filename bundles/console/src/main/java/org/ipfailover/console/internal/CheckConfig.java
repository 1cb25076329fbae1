package org.ipfailover.console.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.ipfailover.api.config.ConfigurationRules;

/**
 * {@code ipfailover check-config}: checks every {@code .cfg} and {@code .config} file of a conf
 * folder without a node, the way {@code nginx -t} does: one line per problem naming the file and
 * the key, or {@code conf OK (N files)}. Runs on a plain class path holding the node's bundles
 * (see {@link CheckConfigLauncher}): their metatype XML says which PIDs and keys exist, their
 * configuration annotations the types, their {@link ConfigurationRules} what the components
 * refuse at activation. Relative paths in the files (the key file) are taken from the folder
 * above conf/, as the node takes them from its home.
 */
public final class CheckConfig {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int CANNOT_RUN = 2;

    private CheckConfig() {
    }

    /**
     * @param conf the folder to check
     * @param bundles the node's bundle jars (or class folders), whose metatype is read
     * @return {@link #OK}, {@link #PROBLEMS} or {@link #CANNOT_RUN}
     */
    public static int run(Path conf, List<Path> bundles, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(conf) || !Files.isReadable(conf)) {
            err.println("ipfailover check-config: " + conf + " is not a folder this user can read");
            return CANNOT_RUN;
        }
        try {
            List<String> problems = problems(conf, bundles);
            if (problems.isEmpty()) {
                out.println("conf OK (" + configurationFiles(conf).size() + " files)");
                return OK;
            }
            problems.forEach(out::println);
            out.flush();
            err.println("ipfailover check-config: " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in "
                    + conf.toAbsolutePath().normalize());
            return PROBLEMS;
        } catch (IOException | RuntimeException e) {
            err.println("ipfailover check-config: cannot check " + conf + ": " + e);
            return CANNOT_RUN;
        }
    }

    /** @return one line per problem, in file order */
    static List<String> problems(Path conf, List<Path> bundles) throws IOException {
        ClassLoader loader = CheckConfig.class.getClassLoader();
        Map<String, BundleMetatypes.Pid> pids = BundleMetatypes.read(bundles);
        List<ConfigurationRules> rules = new ArrayList<>();
        ServiceLoader.load(ConfigurationRules.class, loader).forEach(rules::add);
        Path home = conf.toAbsolutePath().normalize().getParent();
        ConfFileCheck fileCheck = new ConfFileCheck(pids, rules, loader, home);
        ConfFileReader reader = new ConfFileReader(loader);
        ConfProblems problems = new ConfProblems();
        List<ConfFile> ours = new ArrayList<>();
        for (Path path : configurationFiles(conf)) {
            ConfFile file;
            try {
                file = ConfFile.of(path, reader.read(path));
            } catch (IOException | IllegalArgumentException e) {
                String source = path.toAbsolutePath().normalize().toString();
                problems.add(source, source + ": cannot be read: " + e.getMessage());
                continue;
            }
            if (fileCheck.check(file, problems)) {
                ours.add(file);
            }
        }
        ConfCrossCheck.check(ours, problems);
        return problems.lines();
    }

    private static List<Path> configurationFiles(Path conf) throws IOException {
        try (Stream<Path> files = Files.list(conf)) {
            return files.filter(f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".config")).filter(Files::isRegularFile)
                    .sorted().toList();
        }
    }
}
