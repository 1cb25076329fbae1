package org.ipfailover.actions.shell.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;

/** Real executables and configurations for the tests. */
final class Scripts {
    static final String PRIMARY = "198.51.100.10";
    static final List<Vip> VIPS = List.of(Vip.parse("eth0:198.51.100.10/24"), Vip.parse("eth0:2001:db8::10/64"));

    private Scripts() {
    }

    /** @return a folder with mode rwxr-xr-x whatever the umask */
    static Path folder(Path path) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** @return an executable /bin/sh script with mode rwxr-xr-x */
    static Path script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
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
