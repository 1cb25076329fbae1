package org.ipfailover.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.ipfailover.run.fixture.FixtureActivator;
import org.ipfailover.test.support.RecordingBackend;

/**
 * Packs the test doubles of org.ipfailover.run.fixture into a bundle a node loads from plugins/,
 * with the shared {@link RecordingBackend} inside it: the test-support bundle itself is never
 * installed in a node.
 */
final class FixtureBundle {
    static final String SYMBOLIC_NAME = "org.ipfailover.test.fixture";

    private FixtureBundle() {
    }

    static void write(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", FixtureActivator.class.getName());
        main.putValue("Import-Package", "org.ipfailover.api;version=\"[2.0,3)\",org.osgi.framework");
        Files.createDirectories(jar.getParent());
        Path temp = Files.createTempFile(jar.getParent().getParent(), "fixture", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (String entry : entries()) {
                jarOut.putNextEntry(new JarEntry(entry));
                try (InputStream in = FixtureBundle.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("no " + entry + " on the test class path");
                    }
                    in.transferTo(jarOut);
                }
                jarOut.closeEntry();
            }
        }
        Files.move(temp, jar);
    }

    /** @return the class files: every one of the fixture's package, and the recording backend's with its nested classes */
    private static List<String> entries() throws IOException {
        Path classes = Path.of(FixtureActivator.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String packagePath = FixtureActivator.class.getPackageName().replace('.', '/');
        List<String> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(classes.resolve(packagePath))) {
            list.filter(p -> p.toString().endsWith(".class")).sorted().forEach(p -> entries.add(packagePath + "/" + p.getFileName()));
        }
        addWithNested(RecordingBackend.class, entries);
        return entries;
    }

    private static void addWithNested(Class<?> type, List<String> entries) {
        entries.add(type.getName().replace('.', '/') + ".class");
        for (Class<?> nested : type.getDeclaredClasses()) {
            addWithNested(nested, entries);
        }
    }
}
