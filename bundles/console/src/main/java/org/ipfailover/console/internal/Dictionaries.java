package org.ipfailover.console.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;
import java.util.TreeMap;

/** ConfigAdmin's dictionaries as maps, for the checks of the api that read maps. */
final class Dictionaries {
    private Dictionaries() {
    }

    static Map<String, Object> map(Dictionary<String, Object> properties) {
        Map<String, Object> map = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            map.put(key, properties.get(key));
        }
        return map;
    }
}
