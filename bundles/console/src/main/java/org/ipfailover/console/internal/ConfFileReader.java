package org.ipfailover.console.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a {@code .cfg} or {@code .config} file of conf/ as the node's FileInstall reads it: an XML
 * properties file when it starts with {@code <}, else with FileInstall's own typed-properties
 * parser, taken from the FileInstall bundle on the class path (it is not exported, so it is used
 * through reflection), in FileInstall's default encoding, ISO-8859-1.
 */
final class ConfFileReader {
    static final String TYPED_PROPERTIES = "org.apache.felix.fileinstall.shaded.util.properties.TypedProperties";

    private final ClassLoader loader;

    ConfFileReader(ClassLoader loader) {
        this.loader = loader;
    }

    /** @return the file's keys and values, as FileInstall hands them to ConfigAdmin (without its own bookkeeping keys) */
    Map<String, Object> read(Path file) throws IOException {
        Map<String, Object> values = new TreeMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(1);
            boolean xml = in.read() == '<';
            in.reset();
            if (xml) {
                Properties properties = new Properties();
                properties.loadFromXML(in);
                properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
                return values;
            }
            Map<?, ?> typed = typed(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            typed.forEach((key, value) -> values.put(String.valueOf(key), value));
            return values;
        }
    }

    private Map<?, ?> typed(Reader reader) throws IOException {
        try {
            Class<?> type = Class.forName(TYPED_PROPERTIES, true, loader);
            Object properties = type.getConstructor().newInstance();
            type.getMethod("load", Reader.class).invoke(properties, reader);
            return (Map<?, ?>) properties;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("FileInstall's properties parser is not on the class path: " + e, e);
        }
    }
}
