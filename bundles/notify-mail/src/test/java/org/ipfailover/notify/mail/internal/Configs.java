package org.ipfailover.notify.mail.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationCheck;

/** Configurations as Declarative Services would hand them to the notifier, for tests outside the framework. */
final class Configs {
    private Configs() {
    }

    /** @return a configuration for GreenMail on 127.0.0.1:port, with quick retries, the outbox under {@code home} */
    static Map<String, Object> smtp(int port, Path home) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", MailConfig.FACTORY_PID + "~ops");
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        properties.put("from", "ipfailover@example.org");
        properties.put("to", new String[] {"admin@example.org, oncall@example.org"});
        properties.put("retryInitial", 50L);
        properties.put("retryMax", 200L);
        properties.put("connectionTimeout", 2000);
        properties.put("readTimeout", 5000);
        properties.put("outbox", home.resolve("var/outbox").toString());
        return properties;
    }

    static MailConfig config(Map<String, ?> properties) {
        return (MailConfig) Proxy.newProxyInstance(MailConfig.class.getClassLoader(), new Class<?>[] {MailConfig.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() != MailConfig.class) {
                        return method.getName().equals("toString") ? properties.toString() : null;
                    }
                    Object value = properties.get(method.getName());
                    return value == null ? method.getDefaultValue() : convert(value, method);
                });
    }

    /** @return the settings, or an AssertionError naming the problems */
    static MailSettings settings(Map<String, ?> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class);
        MailSettings settings = MailSettings.of(config(properties), properties, home::resolve, check);
        if (!check.problems().isEmpty()) {
            throw new AssertionError(check.problems());
        }
        return settings;
    }

    static java.util.List<String> problems(Map<String, ?> properties, Path home) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(MailConfig.class);
        if (check.problems().isEmpty()) {
            MailSettings.of(config(properties), properties, home::resolve, check);
        }
        return check.problems();
    }

    private static Object convert(Object value, Method method) {
        Class<?> type = method.getReturnType();
        if (type == String[].class) {
            return value instanceof String[] ? value : new String[] {value.toString()};
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        String text = value.toString();
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class) {
            return Long.parseLong(text);
        }
        return text;
    }

    static Map<String, Object> with(Map<String, Object> properties, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.put(key, value);
        return changed;
    }
}
