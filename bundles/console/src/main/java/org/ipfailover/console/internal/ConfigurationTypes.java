package org.ipfailover.console.internal;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * The type check every ipfailover component makes of its configuration at activation
 * ({@link ConfigurationCheck#types}), made here with the same annotation, which the PID's metatype
 * names and its bundle holds: a value it refuses is one the component refused too.
 */
final class ConfigurationTypes {
    private ConfigurationTypes() {
    }

    /** @return the problems the components report for these properties, one line each; none when the PID has no annotation */
    static List<String> problems(MetatypeIndex.Designation designation, Map<String, ?> properties) {
        Class<? extends Annotation> type = annotation(designation);
        return type == null ? List.of() : ConfigurationCheck.of(properties).types(type).problems();
    }

    /** @return what is wrong with one value, e.g. {@code value "x" is not an integer (expected int)}, or null */
    static String problem(MetatypeIndex.Designation designation, String key, Object value) {
        List<String> problems = problems(designation, Map.of(key, value));
        if (problems.isEmpty()) {
            return null;
        }
        String line = problems.get(0);
        String prefix = ConfigurationCheck.sourceOf(Map.of()) + ": key '" + key + "': ";
        return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    }

    private static Class<? extends Annotation> annotation(MetatypeIndex.Designation designation) {
        try {
            Class<?> type = designation.owner().loadClass(designation.definition().getID());
            return type.isAnnotation() ? type.asSubclass(Annotation.class) : null;
        } catch (ClassNotFoundException | IllegalStateException | NoClassDefFoundError e) {
            return null;
        }
    }
}
