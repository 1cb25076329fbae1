package org.ipfailover.api.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a component's configuration properties before the component uses them. Declarative
 * Services converts a value that does not parse only when its accessor is called, and then
 * throws far from the file that holds it; this check reports every such value at activation,
 * one line each, naming the file (or PID), the key, the value and the expected type.
 *
 * <pre>
 * ConfigurationCheck.of(properties).types(Config.class).orThrow(LOG::error)
 *     .check(config.port() &gt; 0, "port", "must be between 1 and 65535")
 *     .orThrow(LOG::error);
 * </pre>
 *
 * <p>Longer than our classes usually are: it is the one place where components read what
 * ConfigAdmin gives them (types, names, files, lists), so that every bundle reads them alike.
 */
public final class ConfigurationCheck {
    /** The property FileInstall sets to the URL of the file a configuration came from. */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final Map<String, ?> properties;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    private ConfigurationCheck(Map<String, ?> properties) {
        this.properties = properties;
        this.source = sourceOf(properties);
    }

    /**
     * @param properties the component's properties as given to its activate method
     * @return a check collecting problems of these properties
     */
    public static ConfigurationCheck of(Map<String, ?> properties) {
        return new ConfigurationCheck(properties);
    }

    /**
     * @param properties configuration properties
     * @return the file a configuration came from, else its PID, else "default configuration"
     */
    public static String sourceOf(Map<String, ?> properties) {
        Optional<String> file = fileOf(properties);
        if (file.isPresent()) {
            return file.get();
        }
        Object pid = properties.get("service.pid");
        return pid != null ? "configuration " + pid : "default configuration";
    }

    /**
     * @param properties configuration properties
     * @return the file FileInstall read the configuration from, as a path, if it came from one
     */
    public static Optional<String> fileOf(Map<String, ?> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(file.toString())).toString());
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.of(file.toString());
        }
    }

    /**
     * @param properties a factory configuration's properties
     * @param factoryPid its factory PID
     * @return its name: {@code web} of a named configuration {@code <factoryPid>~web} or of
     *         FileInstall's file {@code <factoryPid>-web.cfg}, else the PID
     */
    public static String nameOf(Map<String, ?> properties, String factoryPid) {
        return instanceNameOf(properties, factoryPid).orElse(String.valueOf(properties.get("service.pid")));
    }

    /**
     * @param properties a factory configuration's properties
     * @param factoryPid its factory PID
     * @return the name the configuration was given: {@code web} of a named configuration
     *         {@code <factoryPid>~web} or of FileInstall's file {@code <factoryPid>-web.cfg} (or
     *         {@code .config}); empty for a configuration made without a name
     */
    public static Optional<String> instanceNameOf(Map<String, ?> properties, String factoryPid) {
        String pid = String.valueOf(properties.get("service.pid"));
        if (pid.startsWith(factoryPid + "~")) {
            return Optional.of(pid.substring(factoryPid.length() + 1));
        }
        Optional<String> file = fileOf(properties);
        if (file.isPresent()) {
            String name = Path.of(file.get()).getFileName().toString();
            if (name.startsWith(factoryPid + "-") && name.lastIndexOf('.') > factoryPid.length() + 1) {
                return Optional.of(name.substring(factoryPid.length() + 1, name.lastIndexOf('.')));
            }
        }
        return Optional.empty();
    }

    /**
     * @param value a configuration value as ConfigAdmin gives it: a string, an array or a
     *        collection (of strings, or of numbers and booleans), or null
     * @return its items, as {@link #items(String[])} reads them
     */
    public static List<String> items(Object value) {
        return items(texts(value).toArray(String[]::new));
    }

    /**
     * @param value a configuration value as ConfigAdmin gives it, or null
     * @return one text per element of an array or collection, else the value's text; none for null
     */
    public static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        if (value == null) {
            return texts;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                texts.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(element -> texts.add(String.valueOf(element)));
        } else {
            texts.add(value.toString());
        }
        return texts;
    }

    /**
     * @param values a list value as ConfigAdmin gives it: one string or several, each holding
     *        items separated by commas or white space ({@code groups = web, db})
     * @return the items, in order, without empty ones
     */
    public static List<String> items(String[] values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    /** @return where the properties came from, for messages */
    public String source() {
        return source;
    }

    /**
     * Checks that every present value converts to the type of its attribute in {@code config}.
     *
     * @param config the component's configuration annotation type
     * @return this check
     */
    public ConfigurationCheck types(Class<? extends Annotation> config) {
        for (Method attribute : config.getDeclaredMethods()) {
            String key = propertyName(attribute.getName());
            Object value = properties.get(key);
            if (value == null) {
                continue;
            }
            Class<?> type = attribute.getReturnType();
            Class<?> element = type.isArray() ? type.getComponentType() : type;
            for (Object single : elements(value)) {
                String expected = expectation(element, single);
                if (expected != null) {
                    problem(key, "value \"" + single + "\" is not " + expected);
                    break;
                }
            }
        }
        return this;
    }

    /**
     * Records a problem when {@code ok} is false.
     *
     * @param ok whether the value is acceptable
     * @param key the property key at fault
     * @param problem what is wrong and what is expected
     * @return this check
     */
    public ConfigurationCheck check(boolean ok, String key, String problem) {
        if (!ok) {
            problem(key, problem);
        }
        return this;
    }

    /**
     * Records a problem.
     *
     * @param key the property key at fault
     * @param problem what is wrong and what is expected
     * @return this check
     */
    public ConfigurationCheck problem(String key, String problem) {
        problems.add(source + ": key '" + key + "': " + problem);
        return this;
    }

    /** @return the problems found so far, one self-contained line each */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * @throws InvalidConfigurationException when any problem was found
     * @return this check, for semantic checks that need the values to convert first
     */
    public ConfigurationCheck orThrow() {
        return orThrow(problem -> { });
    }

    /**
     * Hands each problem to {@code log}, one line each, then throws.
     *
     * @param log where each problem goes, e.g. {@code LOG::error}
     * @throws InvalidConfigurationException when any problem was found
     * @return this check, for semantic checks that need the values to convert first
     */
    public ConfigurationCheck orThrow(java.util.function.Consumer<String> log) {
        if (!problems.isEmpty()) {
            problems.forEach(log);
            throw new InvalidConfigurationException(problems);
        }
        return this;
    }

    /** The property name Declarative Services derives from an annotation attribute's name. */
    static String propertyName(String method) {
        StringBuilder name = new StringBuilder(method.length());
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            char next = i + 1 < method.length() ? method.charAt(i + 1) : 0;
            if (c == '$' && method.startsWith("$_$", i)) {
                name.append('-');
                i += 2;
            } else if (c == '$') {
                if (next == '$') {
                    name.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (next == '_') {
                    name.append('_');
                    i++;
                } else {
                    name.append('.');
                }
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private static List<Object> elements(Object value) {
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        if (value instanceof java.util.Collection<?> c) {
            return new ArrayList<>(c);
        }
        return List.of(value);
    }

    /** @return null when {@code value} converts to {@code type}, else a phrase naming the expected type */
    private static String expectation(Class<?> type, Object value) {
        String text = String.valueOf(value).trim();
        try {
            if (type == int.class || type == Integer.class) {
                if (!(value instanceof Integer || value instanceof Short || value instanceof Byte)) {
                    Integer.parseInt(text);
                }
            } else if (type == long.class || type == Long.class) {
                if (!(value instanceof Number n && n.longValue() == n.doubleValue())) {
                    Long.parseLong(text);
                }
            } else if (type == short.class || type == Short.class) {
                Short.parseShort(text);
            } else if (type == byte.class || type == Byte.class) {
                Byte.parseByte(text);
            } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                if (!(value instanceof Number)) {
                    Double.parseDouble(text);
                }
            } else if (type == boolean.class || type == Boolean.class) {
                if (!(value instanceof Boolean) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    return "a boolean (expected true or false)";
                }
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(text)) {
                        return null;
                    }
                }
                return "one of " + Arrays.toString(type.getEnumConstants());
            }
        } catch (NumberFormatException e) {
            return article(type) + " (expected " + type.getSimpleName().toLowerCase(Locale.ROOT) + ")";
        }
        return null;
    }

    private static String article(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "an integer";
        }
        return "a number";
    }
}
