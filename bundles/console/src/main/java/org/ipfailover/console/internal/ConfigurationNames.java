package org.ipfailover.console.internal;

import java.lang.reflect.Array;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import org.osgi.service.cm.Configuration;

/** Where a configuration came from and what its instance is called, the way FileInstall names files. */
final class ConfigurationNames {
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private ConfigurationNames() {
    }

    /** @return the file a configuration was read from, or null */
    static String file(Dictionary<String, Object> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file == null) {
            return null;
        }
        try {
            return Path.of(URI.create(file.toString())).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return file.toString();
        }
    }

    /**
     * @return a factory configuration's name: the part after '~' of a named configuration, else
     *         the part after the factory PID and '-' in its file name; null when neither is there
     */
    static String instanceName(Configuration configuration, Dictionary<String, Object> properties) {
        String factoryPid = configuration.getFactoryPid();
        String pid = configuration.getPid();
        if (factoryPid != null && pid.startsWith(factoryPid + "~")) {
            return pid.substring(factoryPid.length() + 1);
        }
        String file = file(properties);
        if (factoryPid != null && file != null) {
            String name = Path.of(file).getFileName().toString();
            if (name.startsWith(factoryPid + "-") && name.lastIndexOf('.') > factoryPid.length()) {
                return name.substring(factoryPid.length() + 1, name.lastIndexOf('.'));
            }
        }
        return null;
    }

    /** @return a configuration value as texts: one per element of an array or collection */
    static List<String> texts(Object value) {
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
}
