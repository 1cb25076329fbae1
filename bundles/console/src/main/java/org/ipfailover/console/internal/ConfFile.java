package org.ipfailover.console.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ipfailover.api.config.ConfigurationCheck;

/**
 * One configuration file of conf/, named as FileInstall names it: {@code <pid>.cfg}, or
 * {@code <factoryPid>-<name>.cfg} for an instance of a factory PID.
 *
 * @param factoryPid the factory PID, or null for a plain PID
 * @param name the instance's name, or null for a plain PID
 * @param properties the file's keys and values, with the PID and the file as ConfigAdmin and FileInstall add them
 */
record ConfFile(Path path, String pid, String factoryPid, String name, Map<String, Object> properties) {

    /** @param values the keys and values read from the file */
    static ConfFile of(Path path, Map<String, Object> values) {
        String file = path.getFileName().toString();
        String base = file.substring(0, file.lastIndexOf('.'));
        int dash = base.indexOf('-');
        String factoryPid = dash > 0 ? base.substring(0, dash) : null;
        String name = dash > 0 ? base.substring(dash + 1) : null;
        String pid = factoryPid != null ? factoryPid + "~" + name : base;
        Map<String, Object> properties = new TreeMap<>(values);
        properties.put("service.pid", pid);
        if (factoryPid != null) {
            properties.put("service.factoryPid", factoryPid);
        }
        properties.put(ConfigurationCheck.FILEINSTALL_FILENAME, path.toAbsolutePath().toUri().toString());
        return new ConfFile(path, pid, factoryPid, name, properties);
    }

    /** @return the PID whose metatype describes the file: the factory PID for an instance */
    String designated() {
        return factoryPid != null ? factoryPid : pid;
    }

    /** @return the file, as every problem line names it */
    String source() {
        return ConfigurationCheck.sourceOf(properties);
    }

    /** @return a key's value as text (the first, for a list), or null when absent */
    String text(String key) {
        Object value = properties.get(key);
        return value == null || ConfigurationCheck.texts(value).isEmpty() ? null : ConfigurationCheck.texts(value).get(0);
    }
}
