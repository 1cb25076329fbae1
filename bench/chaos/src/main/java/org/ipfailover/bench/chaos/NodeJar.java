package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** What the campaign takes from the node under test: its bundles (node.jar holds them as jar/*.jar) and its event types. */
final class NodeJar {
    private final Path jar;
    private final Path folder;

    /** @param folder where the bundles taken out go */
    NodeJar(Path jar, Path folder) {
        this.jar = jar;
        this.folder = folder;
    }

    /** The event types of the node under test, from the api bundle inside its node.jar: the notifier mails all of them. */
    List<String> eventTypes() throws IOException {
        Path api = extract("org.ipfailover.api-");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {api.toUri().toURL()}, null)) {
            Object[] constants = loader.loadClass("org.ipfailover.api.FailoverEvent$Type").getEnumConstants();
            List<String> names = new ArrayList<>();
            for (Object constant : constants) {
                names.add(((Enum<?>) constant).name());
            }
            return names;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("node.jar's api bundle has no FailoverEvent.Type", e);
        }
    }

    Path extract(String prefix) throws IOException {
        Files.createDirectories(folder);
        try (JarFile node = new JarFile(jar.toFile())) {
            for (JarEntry entry : node.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("jar/" + prefix) && name.endsWith(".jar")) {
                    Path target = folder.resolve(name.substring(4));
                    try (InputStream in = node.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return target;
                }
            }
        }
        throw new UncheckedIOException(new IOException("node.jar holds no jar/" + prefix + "*.jar"));
    }
}
