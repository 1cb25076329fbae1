package org.ipfailover.detector.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.ipfailover.api.FailoverEvent.Type;

/**
 * The alarms that stand, by key: each is raised once (an {@link Type#ALARM} event) and cleared once
 * (an {@link Type#ALARM_CLEARED} event), however often its condition is seen in between. Used on
 * the decision thread; read by status queries through {@link #texts()}.
 */
final class Alarms {
    private final Map<String, String> standing = new LinkedHashMap<>();
    private final BiConsumer<Type, String> publish;

    /** @param publish called with the event type and its reason on every raise and clear */
    Alarms(BiConsumer<Type, String> publish) {
        this.publish = publish;
    }

    /** Raises the alarm, or updates its text silently while it stands. */
    synchronized void raise(String key, String text) {
        if (standing.put(key, text) == null) {
            publish.accept(Type.ALARM, text);
        }
    }

    synchronized boolean standing(String key) {
        return standing.containsKey(key);
    }

    synchronized void clear(String key, String why) {
        String text = standing.remove(key);
        if (text != null) {
            publish.accept(Type.ALARM_CLEARED, text.substring(0, text.indexOf(':') < 0 ? text.length() : text.indexOf(':')) + ": " + why);
        }
    }

    /** Raises or clears, as the condition says. */
    void set(String key, boolean condition, String text, String clearedBecause) {
        if (condition) {
            raise(key, text);
        } else {
            clear(key, clearedBecause);
        }
    }

    /** Clears every alarm whose key starts with the prefix (a group or a peer that is gone). */
    synchronized void clearAll(String prefix, String why) {
        for (String key : List.copyOf(standing.keySet())) {
            if (key.startsWith(prefix)) {
                clear(key, why);
            }
        }
    }

    synchronized List<String> texts() {
        return new ArrayList<>(standing.values());
    }
}
