package org.ipfailover.netif.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipfailover.test.support.Needs;

/**
 * Two network namespaces made for one test, {@code a} and {@code b}, joined by a veth pair
 * ({@code eth-a} in a, {@code eth-b} in b); nothing in the root namespace. Closing removes both
 * namespaces and with them the pair; a JVM shutdown hook does the same if the test never closes.
 */
final class TestNamespaces implements AutoCloseable {
    static final String DEVICE_A = "eth-a";
    static final String DEVICE_B = "eth-b";

    final String a;
    final String b;
    private final Thread cleanup;

    private TestNamespaces(String prefix) {
        a = prefix + "-a";
        b = prefix + "-b";
        cleanup = new Thread(this::remove, "remove " + prefix);
    }

    /** Skips the calling test (fails it in CI), saying why, unless this process may make network namespaces. */
    static void assumeAvailable() {
        Needs.root("network namespace tests make namespaces and veth pairs");
        Needs.that(Tool.locate("ip", "iproute2", "make namespaces").found(), "ip (package iproute2) is not installed");
    }

    static TestNamespaces create() throws IOException, InterruptedException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        TestNamespaces namespaces = new TestNamespaces("ipfo-netif-" + HexFormat.of().formatHex(random));
        Runtime.getRuntime().addShutdownHook(namespaces.cleanup);
        try {
            namespaces.setUp();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            namespaces.close();
            throw e;
        }
        return namespaces;
    }

    private void setUp() throws IOException, InterruptedException {
        ip("netns", "add", a);
        ip("netns", "add", b);
        ip("-n", a, "link", "add", DEVICE_A, "type", "veth", "peer", "name", DEVICE_B, "netns", b);
        for (String namespace : List.of(a, b)) {
            ip("-n", namespace, "link", "set", "lo", "up");
        }
        ip("-n", a, "link", "set", DEVICE_A, "up");
        ip("-n", b, "link", "set", DEVICE_B, "up");
        ip("-n", b, "addr", "add", "198.51.100.20/24", "dev", DEVICE_B);
    }

    /** @return the link-layer address of a device in a namespace */
    String mac(String namespace, String device) throws IOException, InterruptedException {
        return inNamespace(namespace, "cat", "/sys/class/net/" + device + "/address").strip();
    }

    /** @return the output of {@code ip args…}, which must succeed */
    static String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Tool.locate("ip", "iproute2", "test").command());
        command.addAll(List.of(args));
        return run(command);
    }

    String inNamespace(String namespace, String... command) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("netns", "exec", namespace));
        wrapped.addAll(List.of(command));
        return ip(wrapped.toArray(String[]::new));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed with " + process.exitValue() + ": " + output);
        }
        return output;
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void remove() {
        for (String namespace : List.of(a, b)) {
            try {
                run(List.of(Tool.locate("ip", "iproute2", "test").command(), "netns", "del", namespace));
            } catch (IOException notThere) {
                // never made, or already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
