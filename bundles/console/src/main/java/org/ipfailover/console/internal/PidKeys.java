package org.ipfailover.console.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The keys a PID has, from its metatype, and the keys of a configuration that are none of them. */
final class PidKeys {
    /**
     * A configured key the PID does not have.
     *
     * @param key the key as configured
     * @param realKey the key it was meant to be, or null when none is near
     * @param caseOnly whether it differs from {@code realKey} only in case
     */
    record Stray(String key, String realKey, boolean caseOnly) {
    }

    private final String pid;
    private final Set<String> keys;
    private final Map<String, String> byLowerCase = new TreeMap<>();

    private PidKeys(String pid, Set<String> keys) {
        this.pid = pid;
        this.keys = keys;
        keys.forEach(key -> byLowerCase.put(key.toLowerCase(Locale.ROOT), key));
    }

    static PidKeys of(MetatypeIndex.Designation designation) {
        Set<String> keys = new TreeSet<>();
        AttributeDefinition[] attributes = designation.definition().getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition attribute : attributes == null ? new AttributeDefinition[0] : attributes) {
            keys.add(attribute.getID());
        }
        return new PidKeys(designation.pid(), keys);
    }

    /** @param keys the PID's keys, from its metatype */
    static PidKeys of(String pid, Collection<String> keys) {
        return new PidKeys(pid, new TreeSet<>(keys));
    }

    String pid() {
        return pid;
    }

    Set<String> keys() {
        return keys;
    }

    /** @return the configured keys that are not the PID's, in order, leaving out those the framework itself sets or reads */
    List<Stray> strays(Collection<String> configured) {
        List<Stray> strays = new ArrayList<>();
        for (String key : new TreeSet<>(configured)) {
            if (keys.contains(key) || framework(key)) {
                continue;
            }
            String sameButCase = byLowerCase.get(key.toLowerCase(Locale.ROOT));
            strays.add(sameButCase != null ? new Stray(key, sameButCase, true) : new Stray(key, ClosestKey.of(key, keys), false));
        }
        return strays;
    }

    /** Keys that ConfigAdmin, FileInstall and Declarative Services add or read themselves (targets, ranking, names). */
    static boolean framework(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.") || key.startsWith("osgi.")
                || key.startsWith(".") || key.endsWith(".target") || key.endsWith(".cardinality.minimum") || key.equals("objectClass");
    }

    /** @return one line for the log: the source, the key, the PID and the key it was meant to be */
    String describe(String source, Stray stray) {
        String line = source + ": key '" + stray.key() + "' is not a key of " + pid;
        if (stray.caseOnly()) {
            return line + ": keys are case-sensitive, write '" + stray.realKey() + "'";
        }
        return stray.realKey() != null ? line + ": did you mean '" + stray.realKey() + "'?"
                : line + " (its keys: " + String.join(", ", keys) + ")";
    }
}
