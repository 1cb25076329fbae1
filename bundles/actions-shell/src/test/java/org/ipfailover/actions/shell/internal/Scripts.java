package org.ipfailover.actions.shell.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;

/** Contexts and configurations for the tests (their scripts: test-support's Executables). */
final class Scripts {
    static final String PRIMARY = "198.51.100.10";
    static final List<Vip> VIPS = List.of(Vip.parse("eth0:198.51.100.10/24"), Vip.parse("eth0:2001:db8::10/64"));

    private Scripts() {
    }

    static ActionContext context(Phase phase) {
        return new ActionContext("web", phase, VIPS, "pri", "sec", java.time.Duration.ofSeconds(60));
    }

    static Map<String, Object> properties(Map<String, Object> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.put("service.pid", ShellConfig.FACTORY_PID + "~test");
        return properties;
    }

    /** @return the configuration SCR would make of these properties (values of the attribute's own type) */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = properties.get(method.getName().replace('_', '.'));
            return value != null ? value : method.getDefaultValue();
        }));
    }

    static ShellAction action(Map<String, Object> values) {
        Map<String, Object> properties = properties(values);
        return new ShellAction(config(ShellConfig.class, properties), properties);
    }
}
