package org.ipfailover.checks.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.ipfailover.api.GroupChecks;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * What every check says about how it guards groups: its name, the groups, and the interval,
 * timeout, rise and fall the detector runs it with. Read from the raw properties, so that a check
 * whose other keys are unusable still names its groups (and reports CRITICAL to them).
 */
record Guarding(String name, List<String> groups, int interval, int timeout, int rise, int fall) {
    static final String NAME = "name";
    static final int MIN_MILLIS = 10;

    Guarding {
        groups = List.copyOf(groups);
    }

    /**
     * @param kind the check's kind, e.g. {@code http}: a check without a name of its own is called
     *        {@code <kind>-<name in the file name>}
     * @param check where each problem goes; a value with a problem is replaced by its default
     */
    static Guarding of(Map<String, ?> properties, String factoryPid, String kind, ConfigurationCheck check) {
        String name = text(properties.get(NAME));
        if (name.isEmpty()) {
            Optional<String> instance = ConfigurationCheck.instanceNameOf(properties, factoryPid);
            name = instance.map(n -> kind + "-" + n).orElseGet(() -> ConfigurationCheck.nameOf(properties, factoryPid));
        }
        List<String> groups = ConfigurationCheck.items(properties.get(GroupChecks.GROUPS));
        check.check(!groups.isEmpty(), GroupChecks.GROUPS, "names no group: the check must say which groups it guards");
        int interval = number(properties, GroupChecks.INTERVAL, GroupChecks.DEFAULT_INTERVAL, MIN_MILLIS, check);
        int timeout = number(properties, GroupChecks.TIMEOUT, GroupChecks.DEFAULT_TIMEOUT, MIN_MILLIS, check);
        int rise = number(properties, GroupChecks.RISE, GroupChecks.DEFAULT_RISE, 1, check);
        int fall = number(properties, GroupChecks.FALL, GroupChecks.DEFAULT_FALL, 1, check);
        return new Guarding(name, groups, interval, timeout, rise, fall);
    }

    /**
     * @return the service properties of the check: every public configuration property, as Declarative
     *         Services would publish them, with these values in their own types on top
     */
    Hashtable<String, Object> serviceProperties(Map<String, ?> properties) {
        Hashtable<String, Object> service = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(".") && value != null) {
                service.put(key, value);
            }
        });
        service.put(HealthCheck.NAME, name);
        service.put(HealthCheck.TAGS, new String[] {GroupChecks.TAG});
        service.put(GroupChecks.GROUPS, groups.toArray(String[]::new));
        service.put(GroupChecks.INTERVAL, interval);
        service.put(GroupChecks.TIMEOUT, timeout);
        service.put(GroupChecks.RISE, rise);
        service.put(GroupChecks.FALL, fall);
        return service;
    }

    private static int number(Map<String, ?> properties, String key, int fallback, int min, ConfigurationCheck check) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            // types() has said so already
            return fallback;
        }
        if (number < min) {
            check.problem(key, "value " + number + " is below the least, " + min);
            return fallback;
        }
        return number;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
