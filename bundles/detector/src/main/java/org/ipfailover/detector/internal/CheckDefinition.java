package org.ipfailover.detector.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.felix.hc.api.HealthCheck;
import org.ipfailover.api.GroupChecks;
import org.ipfailover.api.config.ConfigurationCheck;
import org.osgi.framework.Constants;

/**
 * A health check service that guards groups, with the timing its service properties give it
 * ({@link GroupChecks}); a value that is not usable is reported and its default used.
 *
 * @param serviceId the service's id: a check replaced by another of the same name is a new one
 */
record CheckDefinition(String name, long serviceId, List<String> groups, long intervalMillis, long timeoutMillis, int rise, int fall,
        HealthCheck check) {

    CheckDefinition {
        groups = List.copyOf(groups);
    }

    /** Whether the two run the same check the same way. */
    boolean sameRunAs(CheckDefinition other) {
        return other != null && serviceId == other.serviceId && check == other.check && intervalMillis == other.intervalMillis
                && timeoutMillis == other.timeoutMillis && rise == other.rise && fall == other.fall && groups.equals(other.groups)
                && name.equals(other.name);
    }

    static CheckDefinition of(Map<String, Object> properties, HealthCheck check, Consumer<String> report) {
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : -1;
        String name = nameOf(properties, id);
        List<String> groups = ConfigurationCheck.items(properties.get(GroupChecks.GROUPS));
        return new CheckDefinition(name, id, groups,
                number(properties, GroupChecks.INTERVAL, GroupChecks.DEFAULT_INTERVAL, 10, name, report),
                number(properties, GroupChecks.TIMEOUT, GroupChecks.DEFAULT_TIMEOUT, 10, name, report),
                (int) number(properties, GroupChecks.RISE, GroupChecks.DEFAULT_RISE, 1, name, report),
                (int) number(properties, GroupChecks.FALL, GroupChecks.DEFAULT_FALL, 1, name, report), check);
    }

    private static String nameOf(Map<String, Object> properties, long id) {
        Object named = properties.get(HealthCheck.NAME);
        if (named instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        Object pid = properties.get(Constants.SERVICE_PID);
        if (pid instanceof String text && text.contains("~")) {
            String factory = text.substring(0, text.indexOf('~'));
            return factory.substring(factory.lastIndexOf('.') + 1) + "-" + text.substring(text.indexOf('~') + 1);
        }
        return pid instanceof String text && !text.isBlank() ? text : "check#" + id;
    }

    private static long number(Map<String, Object> properties, String key, long fallback, long min, String name,
            Consumer<String> report) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long number = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        report.accept("Health check " + name + ": " + key + " = \"" + value + "\" is not a whole number of at least " + min
                + ": using " + fallback);
        return fallback;
    }
}
