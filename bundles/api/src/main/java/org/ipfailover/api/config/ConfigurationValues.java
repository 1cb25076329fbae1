package org.ipfailover.api.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/**
 * A component's configuration annotation built from properties, as Declarative Services builds
 * it: for checking a configuration where no framework runs ({@link ConfigurationRules}). A key
 * that is absent takes the attribute's default (without one: zero, false, an empty array or
 * null); a single value given for a list is a list of one; a list given for a single value gives
 * its first element.
 */
public final class ConfigurationValues {
    private ConfigurationValues() {
    }

    /**
     * @param <A> the annotation type
     * @param type the component's configuration annotation
     * @param properties configuration properties whose types {@link ConfigurationCheck#types} accepts
     * @return the annotation; an accessor whose value does not convert throws {@link IllegalArgumentException}
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return "@" + type.getName() + properties;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    Object value = properties.get(ConfigurationCheck.propertyName(method.getName()));
                    return value == null ? fallback(method) : convert(method, value);
            }
        }));
    }

    private static Object convert(Method method, Object value) {
        Class<?> type = method.getReturnType();
        List<String> texts = ConfigurationCheck.texts(value);
        if (type.isArray()) {
            Object array = Array.newInstance(type.getComponentType(), texts.size());
            for (int i = 0; i < texts.size(); i++) {
                Array.set(array, i, single(type.getComponentType(), texts.get(i)));
            }
            return array;
        }
        return texts.isEmpty() ? fallback(method) : single(type, texts.get(0));
    }

    /** The attribute's default; without one, as Declarative Services: zero, false, an empty array, or null. */
    private static Object fallback(Method method) {
        Object fallback = method.getDefaultValue();
        Class<?> type = method.getReturnType();
        if (fallback != null || !type.isPrimitive() && !type.isArray()) {
            return fallback;
        }
        return type.isArray() ? Array.newInstance(type.getComponentType(), 0) : Array.get(Array.newInstance(type, 1), 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object single(Class<?> type, String text) {
        String trimmed = text.trim();
        if (type == String.class) {
            return text;
        } else if (type == int.class) {
            return Integer.parseInt(trimmed);
        } else if (type == long.class) {
            return Long.parseLong(trimmed);
        } else if (type == short.class) {
            return Short.parseShort(trimmed);
        } else if (type == byte.class) {
            return Byte.parseByte(trimmed);
        } else if (type == double.class) {
            return Double.parseDouble(trimmed);
        } else if (type == float.class) {
            return Float.parseFloat(trimmed);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(trimmed);
        } else if (type == char.class) {
            return trimmed.isEmpty() ? '\0' : trimmed.charAt(0);
        } else if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, trimmed);
        } else if (type == Class.class) {
            throw new IllegalArgumentException("class values are not read here");
        }
        throw new IllegalArgumentException("cannot convert \"" + text + "\" to " + type.getSimpleName());
    }
}
