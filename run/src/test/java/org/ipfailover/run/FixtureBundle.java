package org.ipfailover.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.ipfailover.run.fixture.FixtureActivator;

/** Packs the test doubles of org.ipfailover.run.fixture into a bundle a node loads from plugins/. */
final class FixtureBundle {
    static final String SYMBOLIC_NAME = "org.ipfailover.test.fixture";

    private FixtureBundle() {
    }

    static void write(Path jar) throws IOException {
        Path classes = Path.of(FixtureActivator.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String packagePath = FixtureActivator.class.getPackageName().replace('.', '/');
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
        List<Path> files;
        try (Stream<Path> list = Files.list(classes.resolve(packagePath))) {
            files = list.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                jarOut.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        Files.move(temp, jar);
    }
}
