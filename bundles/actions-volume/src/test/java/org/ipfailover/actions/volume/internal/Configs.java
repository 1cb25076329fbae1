package org.ipfailover.actions.volume.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a configuration annotation from properties, converting as Declarative Services does, for tests outside the framework. */
final class Configs {
    private Configs() {
    }

    static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.getName().equals("annotationType")) {
                return method.getName().equals("annotationType") ? type : method.invoke(properties, args);
            }
            Object value = properties.get(method.getName().replace('_', '.'));
            return value == null ? method.getDefaultValue() : convert(method, value.toString());
        });
        return type.cast(proxy);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Method method, String value) {
        Class<?> type = method.getReturnType();
        if (type == int.class) {
            return Integer.parseInt(value.trim());
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value.trim());
        }
        if (type == String[].class) {
            return value.split(",");
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, value.trim());
        }
        return value;
    }
}
