package org.ipfailover.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Assertions;

/**
 * The example action bundle of examples/echo-action as built by Maven, and new versions of it:
 * the same jar with a higher Bundle-Version, which is what rebuilding it at the next version makes
 * (bnd writes the version into the manifest only; the action writes its bundle's version into each
 * line, so a line says which revision ran it).
 */
final class ExamplePlugin {
    static final String SYMBOLIC_NAME = "org.example.ipfailover.echo";
    static final Path TARGET = NodeProcess.DIST.resolve("../examples/echo-action/target").normalize();

    private ExamplePlugin() {
    }

    /** @return the jar Maven built; fails (not skips) when it is missing: that is a build-order problem, not the machine's */
    static Path built() throws IOException {
        if (Files.isDirectory(TARGET)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, SYMBOLIC_NAME + "-*.jar")) {
                for (Path jar : jars) {
                    if (!jar.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar")) {
                        return jar;
                    }
                }
            }
        }
        return Assertions.fail("the example plugin is not built in " + TARGET
                + ": mvn -B install -f examples/echo-action/pom.xml (the reactor builds it before run)");
    }

    static String version(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /** 0.1.0.SNAPSHOT -> 0.1.1.SNAPSHOT */
    static String nextVersion(String version) {
        String[] parts = version.split("\\.", 4);
        int micro = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        String minor = parts.length > 1 ? parts[1] : "0";
        return parts[0] + "." + minor + "." + (micro + 1) + (parts.length > 3 ? "." + parts[3] : "");
    }

    /** Writes a copy of {@code source} whose manifest says {@code version}, into {@code target} in one rename. */
    static void writeVersion(Path source, String version, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent().getParent(), "plugin", ".tmp");
        try (JarFile in = new JarFile(source.toFile()); OutputStream file = Files.newOutputStream(temp)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : in.stream().toList()) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME) || entry.getName().equals("META-INF/")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Puts a jar into a folder the way an operator's {@code mv} does: in one rename, so FileInstall never reads half of it. */
    static void drop(Path jar, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent().getParent(), "plugin", ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Extracts a bundle embedded in the exported node.jar, e.g. {@code org.ipfailover.netif}, as a jar of its own. */
    static Path embedded(String symbolicName, Path folder) throws IOException {
        Path nodeJar = NodeProcess.DIST.resolve("target/node.jar");
        try (JarFile node = new JarFile(nodeJar.toFile())) {
            JarEntry entry = node.stream().filter(e -> e.getName().startsWith("jar/" + symbolicName + "-")).findFirst()
                    .orElseThrow(() -> new IOException(nodeJar + " embeds no " + symbolicName));
            Path jar = folder.resolve(entry.getName().substring("jar/".length()));
            try (InputStream in = node.getInputStream(entry)) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        }
    }
}
