package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.ipfailover.test.support.Await;
import org.ipfailover.test.support.Needs;

/**
 * One lab of run/lab for one test: the namespaces, two nodes started from the exported jar inside
 * them, a UDP echo service on each node and a probe on the client. Everything it starts and
 * creates goes again in {@link #close()}, and on JVM exit if the test is interrupted.
 */
public final class NetnsLab implements AutoCloseable {
    public static final String VIP = "198.51.100.10";
    public static final String VIP6 = "2001:db8:0:1::10";
    public static final int ECHO_PORT = 7007;
    public static final int HTTP_PORT = 8080;
    static final Path LAB = NodeProcess.DIST.resolve("lab");
    static final Path RUN_JAR = NodeProcess.DIST.resolve("target/classes");

    public final String name;
    /** The hosts that run a node: pri and sec, and ter when asked for. */
    public final List<String> nodeHosts;
    final Path root;
    private final Map<String, NodeProcess> nodes = new TreeMap<>();
    private final List<Process> helpers = new ArrayList<>();
    private final Thread cleanup;

    /** Skips the test where the machine cannot run a lab, unless IPFAILOVER_REQUIRE_NETNS is set (CI), where it fails. */
    public static void requireLab() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(LAB.toString(), "check").redirectErrorStream(true).start();
        String why = new String(check.getInputStream().readAllBytes()).strip();
        Needs.that(check.waitFor() == 0, "the network-namespace lab cannot run here: " + why);
    }

    public NetnsLab(Path root, String groupSettings, boolean ipv6) throws IOException, InterruptedException {
        this(root, groupSettings, ipv6, List.of("pri", "sec"));
    }

    /**
     * @param nodeHosts pri, sec and optionally ter (198.51.100.3, 203.0.113.3): the hosts that get a
     *        node's home, the group web naming them in this order, and an echo service
     */
    public NetnsLab(Path root, String groupSettings, boolean ipv6, List<String> nodeHosts) throws IOException, InterruptedException {
        requireLab();
        if (!List.of("pri", "sec").equals(nodeHosts) && !List.of("pri", "sec", "ter").equals(nodeHosts)) {
            throw new IllegalArgumentException("a lab has nodes pri, sec and optionally ter: " + nodeHosts);
        }
        this.nodeHosts = List.copyOf(nodeHosts);
        this.root = root;
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.name = "ipfo" + HexFormat.of().formatHex(random);
        this.cleanup = new Thread(this::removeLab, "lab-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanup);
        if (nodeHosts.contains("ter")) {
            run(LAB.toString(), "up", name, "ter");
        } else {
            run(LAB.toString(), "up", name);
        }
        String key = HexFormat.of().formatHex(randomBytes(32));
        String vips = "eth0:" + VIP + "/24" + (ipv6 ? ", eth0:" + VIP6 + "/64" : "");
        for (String node : nodeHosts) {
            Path home = home(node);
            Files.createDirectories(home.resolve("conf"));
            writeKey(node, key);
            writeNodeConfig(node, "");
            Files.writeString(home.resolve("conf/org.ipfailover.group-web.cfg"),
                    "nodes = " + String.join(", ", nodeHosts) + "\nvips = " + vips + "\n" + groupSettings);
        }
        for (String node : nodeHosts) {
            helpers.add(inNamespace(node, "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", RUN_JAR.toString(),
                    "org.ipfailover.run.lab.UdpEcho", node, String.valueOf(ECHO_PORT)).redirectErrorStream(true)
                    .redirectOutput(root.resolve(node + "-echo.out").toFile()).start());
        }
        if (ipv6) {
            for (String host : List.of("pri", "sec", "cli")) {
                // IPv6 addresses on the public segment, so the client can reach the IPv6 VIP on-link
                String suffix = switch (host) { case "pri" -> "1"; case "sec" -> "2"; default -> "100"; };
                run("ip", "-n", namespace(host), "addr", "add", "2001:db8:0:1::" + suffix + "/64", "dev", "eth0", "nodad");
            }
        }
    }

    public Path home(String node) {
        return root.resolve(node);
    }

    public String namespace(String host) {
        return name + "-" + host;
    }

    public void writeKey(String node, String key) throws IOException {
        Path file = home(node).resolve("conf/ipfailover.key");
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    public void writeNodeConfig(String node, String extra) throws IOException {
        writeConf(node, "org.ipfailover.node.cfg", "id = " + node + "\nnetworks = public=198.51.100.255; private=203.0.113.255\n" + extra);
    }

    /** Writes a file into a node's conf/ in one rename, as an editor would, e.g. a check's {@code <factoryPid>-<name>.cfg}. */
    public void writeConf(String node, String file, String content) throws IOException {
        Path temp = Files.createTempFile(home(node), "conf", ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, home(node).resolve("conf").resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Starts the lab's HTTP service on {@link #HTTP_PORT} in a host's namespace and waits until it
     * listens; it answers 503 while {@link #failingFile(String)} exists. Killed by its process (PID).
     */
    public Process startHttp(String host) throws IOException, InterruptedException {
        Path out = root.resolve(host + "-http-" + System.nanoTime() + ".out");
        Process process = inNamespace(host, "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", RUN_JAR.toString(),
                "org.ipfailover.run.lab.HttpService", host, String.valueOf(HTTP_PORT), failingFile(host).toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        helpers.add(process);
        Await.awaitTrue("the HTTP service on " + host + " to listen", LabSuite.SETTLE,
                () -> Files.readString(out).contains("listening") || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("the HTTP service on " + host + " ended: " + Files.readString(out));
        }
        return process;
    }

    /** While this file exists, the host's HTTP service answers 503. */
    public Path failingFile(String host) {
        return root.resolve(host + "-http.failing");
    }

    /**
     * An uplink in a host's namespace that a group can track: a veth pair whose far end stands for
     * the switch, both ends up ({@link #uplink} pulls its cable). A veth rather than a dummy, which
     * some kernels lack; it goes with the namespace.
     */
    public void addUplink(String host, String device) throws IOException, InterruptedException {
        run("ip", "-n", namespace(host), "link", "add", device, "type", "veth", "peer", "name", device + "-far");
        cable(host, device, true);
        uplink(host, device, true);
    }

    /** The uplink's cable out or in: its far end down or up, so the host's end loses or finds its carrier (LOWER_UP). */
    public void uplink(String host, String device, boolean up) throws IOException, InterruptedException {
        cable(host, device + "-far", up);
    }

    public NodeProcess start(String node) throws IOException, InterruptedException {
        NodeProcess process = NodeProcess.start(home(node), List.of("ip", "netns", "exec", namespace(node)));
        nodes.put(node, process);
        return process;
    }

    public NodeProcess node(String node) {
        return nodes.get(node);
    }

    /** SIGKILL, no clean stop: the addresses stay configured in the host's kernel. */
    public void kill(String node) throws InterruptedException {
        NodeProcess process = nodes.remove(node);
        if (process != null) {
            process.close();
        }
    }

    /** The host dies: its process is killed and its cables go down. */
    public void crash(String node) throws IOException, InterruptedException {
        kill(node);
        cable(node, "eth0", false);
        cable(node, "eth1", false);
    }

    /** The crashed host boots again: empty interfaces (no VIP), cables up; the node is not started. */
    public void reboot(String node) throws IOException, InterruptedException {
        for (String vip : List.of(VIP + "/24", VIP6 + "/64")) {
            new ProcessBuilder("ip", "-n", namespace(node), "addr", "del", vip, "dev", "eth0").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        cable(node, "eth0", true);
        cable(node, "eth1", true);
    }

    public void cable(String node, String device, boolean up) throws IOException, InterruptedException {
        run("ip", "-n", namespace(node), "link", "set", device, up ? "up" : "down");
    }

    /**
     * Drops every frame between the two sides on both segments' bridges (nft, bridge family, in the
     * segments' namespaces), in both directions; the hosts' links stay up, so each side sees only
     * silence. A side lists bridge ports: a host's port is its name ({@code pri}); others, such as
     * ZooKeeperLab's servers on the private segment, name theirs. Adds to the cuts made before;
     * {@link #heal()} removes them all.
     */
    public void cut(List<String> sideA, List<String> sideB) throws IOException, InterruptedException {
        String a = "{ " + String.join(", ", sideA.stream().map(port -> '"' + port + '"').toList()) + " }";
        String b = "{ " + String.join(", ", sideB.stream().map(port -> '"' + port + '"').toList()) + " }";
        for (String segment : List.of("pub", "prv")) {
            nft(segment, "add table bridge ipfocut\n"
                    + "add chain bridge ipfocut forward { type filter hook forward priority 0; policy accept; }\n"
                    + "add rule bridge ipfocut forward iifname " + a + " oifname " + b + " drop\n"
                    + "add rule bridge ipfocut forward iifname " + b + " oifname " + a + " drop\n");
        }
    }

    /** Removes every cut: the segments forward everything again. */
    public void heal() throws IOException, InterruptedException {
        for (String segment : List.of("pub", "prv")) {
            nft(segment, "add table bridge ipfocut\ndelete table bridge ipfocut\n");
        }
    }

    private void nft(String segment, String commands) throws IOException, InterruptedException {
        Path file = Files.createTempFile(root, "nft", ".txt");
        Files.writeString(file, commands);
        try {
            run("ip", "netns", "exec", namespace(segment), "nft", "-f", file.toString());
        } finally {
            Files.delete(file);
        }
    }

    /** @return whether the host's kernel holds the address */
    public boolean holds(String node, String address) throws IOException, InterruptedException {
        Process show = new ProcessBuilder("ip", "-n", namespace(node), "-o", "addr", "show", "dev", "eth0").start();
        String out = new String(show.getInputStream().readAllBytes());
        show.waitFor();
        return out.contains(" " + address + "/");
    }

    /** Starts the client's probe: a datagram to the VIP every 10 ms for the duration. */
    public Probe probe(String address, Duration duration) throws IOException {
        Path out = root.resolve("probe-" + System.nanoTime() + ".out");
        Process process = inNamespace("cli", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                RUN_JAR.toString(), "org.ipfailover.run.lab.UdpProbe", address, String.valueOf(ECHO_PORT), "10",
                String.valueOf(duration.toMillis())).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        helpers.add(process);
        return new Probe(process, out);
    }

    /** Starts {@code ip -ts monitor address} in a host's namespace, its output in a file. */
    public AddressMonitor monitor(String host) throws IOException {
        Path out = root.resolve("monitor-" + host + "-" + System.nanoTime() + ".out");
        Process process = new ProcessBuilder("ip", "-n", namespace(host), "-ts", "monitor", "address").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        helpers.add(process);
        return new AddressMonitor(process, out);
    }

    /** The group's state on a node, from {@code failover:status}. */
    public String state(String node) {
        return nodes.get(node).groupState("web");
    }

    public void awaitState(String node, String state, Duration timeout) throws InterruptedException {
        nodes.get(node).await(node + " to be " + state + " (is " + state(node) + ")", timeout, () -> state.equals(state(node)));
    }

    ProcessBuilder inNamespace(String host, String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        line.addAll(List.of(command));
        return new ProcessBuilder(line);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws InterruptedException {
        for (String node : List.copyOf(nodes.keySet())) {
            kill(node);
        }
        removeLab();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
    }

    private void removeLab() {
        for (Process helper : helpers) {
            helper.destroyForcibly();
        }
        for (NodeProcess node : nodes.values()) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            new ProcessBuilder(LAB.toString(), "down", name).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("could not remove lab " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
