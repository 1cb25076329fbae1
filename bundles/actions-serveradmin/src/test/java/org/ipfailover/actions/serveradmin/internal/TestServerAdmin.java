package org.ipfailover.actions.serveradmin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;

/**
 * The test's {@code serveradmin} (src/test/resources/serveradmin) in a folder of its own: each of
 * its services is a real HTTP server on a 127.0.0.1 port.
 */
final class TestServerAdmin implements AutoCloseable {
    private final Path bin;

    private TestServerAdmin(Path bin) {
        this.bin = bin;
    }

    static TestServerAdmin install(Path folder) throws IOException {
        Path bin = Files.createDirectories(folder.resolve("bin"));
        try (InputStream script = TestServerAdmin.class.getResourceAsStream("/serveradmin")) {
            Files.copy(script, bin.resolve("serveradmin"));
        }
        Files.setPosixFilePermissions(bin.resolve("serveradmin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return new TestServerAdmin(bin);
    }

    Path bin() {
        return bin;
    }

    Path executable() {
        return bin.resolve("serveradmin");
    }

    /** @return the free port the new service will serve on */
    int service(String name) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        service(name, Integer.toString(port));
        return port;
    }

    /** @param port what the service's .port file holds: a server that is given no port dies at its start */
    void service(String name, String port) throws IOException {
        Files.writeString(bin.resolve(name + ".port"), port + "\n");
    }

    /** @return whether an HTTP server answers 200 on the port */
    static boolean answers(int port) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    static ActionContext context(Phase phase) {
        return new ActionContext("web", phase, List.of(Vip.parse("eth0:198.51.100.10/24")), "pri", "sec", Duration.ofSeconds(60));
    }

    /** @return the configuration SCR would make of these properties (values of the attribute's own type) */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = properties.get(method.getName().replace('_', '.'));
            return value != null ? value : method.getDefaultValue();
        }));
    }

    static ServerAdminAction action(Map<String, Object> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.put("service.pid", ServerAdminConfig.FACTORY_PID + "~test");
        return new ServerAdminAction(config(ServerAdminConfig.class, properties), properties);
    }

    /** Stops the servers a failed test left running. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.list(bin)) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
