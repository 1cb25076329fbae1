package org.ipfailover.test.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component's configuration annotation built from properties as Declarative Services builds it,
 * for tests outside the framework: a method {@code service_ranking()} reads the key
 * {@code service.ranking}, a missing key gives the method's default, a value is converted to the
 * method's type (a single value to a one-element array).
 */
public final class Configs {
    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + properties;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    Object value = properties.get(key(method.getName()));
                    return value == null ? method.getDefaultValue() : convert(method, value);
            }
        });
        return type.cast(proxy);
    }

    /** The property key of a method, as Declarative Services maps it: {@code _} is a dot, {@code __} an underscore, {@code $} nothing. */
    static String key(String method) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            boolean doubled = i + 1 < method.length() && method.charAt(i + 1) == c;
            if (c == '_') {
                key.append(doubled ? '_' : '.');
            } else if (c == '$') {
                if (doubled) {
                    key.append('$');
                }
            } else {
                key.append(c);
                continue;
            }
            if (doubled) {
                i++;
            }
        }
        return key.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Method method, Object value) {
        Class<?> type = method.getReturnType();
        if (type == String[].class) {
            return value instanceof String[] ? value : new String[] {value.toString()};
        }
        String text = value.toString().trim();
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class) {
            return Long.parseLong(text);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, text);
        }
        return value.toString();
    }
}
