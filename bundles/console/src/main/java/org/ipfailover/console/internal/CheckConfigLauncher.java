package org.ipfailover.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Starts {@link CheckConfig} on the bundles the node runs, without starting the node: the bundle
 * jars inside node.jar ({@code jar/}) and those in the plugins/ folder beside conf/, copied to a temporary folder and put
 * on one class loader, from which CheckConfig itself is loaded, so that every check is the node's
 * own code. Logback stays out: the components' log lines are not check-config's output. Uses the
 * JDK only, since it runs from the console's jar alone, as {@code ipfailover ctl} does.
 */
public final class CheckConfigLauncher {
    private CheckConfigLauncher() {
    }

    /** The checker, named rather than referenced: this class loads it on the bundles' class loader, never on its own. */
    private static final String CHECK_CONFIG = "org.ipfailover.console.internal.CheckConfig";

    /** @param args node.jar and the conf folder; plugins/ beside it holds more bundles */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: CheckConfigLauncher <node.jar> <conf folder>");
            return CheckConfig.CANNOT_RUN;
        }
        Path nodeJar = Path.of(args[0]);
        Path conf = Path.of(args[1]);
        Path plugins = conf.toAbsolutePath().normalize().resolveSibling("plugins");
        if (!Files.isDirectory(conf)) {
            err.println("ipfailover check-config: " + conf + " is not a folder");
            return CheckConfig.CANNOT_RUN;
        }
        Path unpacked = null;
        try {
            unpacked = Files.createTempDirectory("ipfailover-check-config");
            List<Path> bundles = unpack(nodeJar, unpacked);
            if (Files.isDirectory(plugins)) {
                try (Stream<Path> jars = Files.list(plugins)) {
                    jars.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(bundles::add);
                }
            }
            // slf4j finds no provider without logback: it says so once at WARN, which is not a problem of the files
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            try (URLClassLoader loader = new URLClassLoader(urls(bundles), ClassLoader.getPlatformClassLoader())) {
                Thread.currentThread().setContextClassLoader(loader);
                Class<?> check = Class.forName(CHECK_CONFIG, true, loader);
                return (int) check.getMethod("run", Path.class, List.class, PrintStream.class, PrintStream.class)
                        .invoke(null, conf, bundles, out, err);
            }
        } catch (InvocationTargetException e) {
            err.println("ipfailover check-config: failed: " + e.getCause());
            return CheckConfig.CANNOT_RUN;
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            err.println("ipfailover check-config: cannot load the node's bundles from " + nodeJar + ": " + e);
            return CheckConfig.CANNOT_RUN;
        } finally {
            delete(unpacked);
        }
    }

    private static List<Path> unpack(Path nodeJar, Path folder) throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (ZipFile jar = new ZipFile(nodeJar.toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("jar/") || !name.endsWith(".jar") || name.indexOf('/', 4) >= 0 || name.startsWith("jar/logback-")) {
                    continue;
                }
                Path target = folder.resolve(name.substring(4));
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(target);
            }
        }
        if (bundles.isEmpty()) {
            throw new IOException(nodeJar + " holds no bundles (jar/*.jar)");
        }
        return bundles;
    }

    private static URL[] urls(List<Path> bundles) throws MalformedURLException {
        URL[] urls = new URL[bundles.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = bundles.get(i).toUri().toURL();
        }
        return urls;
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail the check
        }
    }
}
