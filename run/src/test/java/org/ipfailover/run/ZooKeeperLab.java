package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ipfailover.test.support.Await;

/**
 * A real three-server ZooKeeper ensemble and the hosts of its clients, each in a network namespace
 * of its own joined by a bridge in another ({@code <name>-br}), addresses in 203.0.113.0/24 only:
 * servers zk1..zk3 at .11 to .13, client hosts at .21 onwards. Each server is ZooKeeper's
 * {@code QuorumPeerMain} from Maven Central in a JVM of its own (64 MB heap), started by PID and
 * killed by PID; {@link #close()} removes every process and namespace, also on JVM exit.
 */
public final class ZooKeeperLab implements AutoCloseable {
    public static final int CLIENT_PORT = 2181;
    public static final int SECURE_CLIENT_PORT = 2281;
    static final Path RUN_JAR = NodeProcess.DIST.resolve("target/classes");

    public final String name;
    private final Path root;
    private final int tickMillis;
    private final Options options;
    /** The namespace whose br0 joins the servers and client hosts: this lab's own, or a segment of a {@link NetnsLab}. */
    private final String bridge;
    private final Map<Integer, Process> servers = new LinkedHashMap<>();
    /** Where each server's log stood when it was last started: a restarted server's role is read from its new lines only. */
    private final Map<Integer, Long> logStart = new LinkedHashMap<>();
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final Thread cleanup;

    /**
     * @param root a folder for the servers' data and logs
     * @param tickMillis the servers' tickTime: sessions last between 2 and 20 ticks
     */
    public ZooKeeperLab(Path root, int tickMillis) throws IOException, InterruptedException {
        this(root, tickMillis, Options.PLAIN, null);
    }

    /**
     * How the servers take their clients.
     *
     * @param tls empty: the plain {@code clientPort}; else only a TLS {@link #SECURE_CLIENT_PORT} (Netty), with these stores
     * @param saslUsers not empty: clients must log in with SASL DIGEST-MD5 as one of these users (user → password)
     */
    public record Options(Optional<ServerTls> tls, Map<String, String> saslUsers) {
        public static final Options PLAIN = new Options(Optional.empty(), Map.of());
    }

    /**
     * @param keyStore the servers' certificate and key (one for all three: it names their three addresses), PKCS12
     * @param trustStore the CA the servers check the clients' certificates against (they ask for one), PEM
     */
    public record ServerTls(Path keyStore, String keyStorePassword, Path trustStore) {
    }

    /** @param options plain or TLS-only, SASL or not */
    public ZooKeeperLab(Path root, int tickMillis, Options options) throws IOException, InterruptedException {
        this(root, tickMillis, options, null);
    }

    /**
     * The servers on a bridge that exists, where an administrator puts them: e.g. a {@link NetnsLab}'s
     * private segment ({@code lab.namespace("prv")}), so that the nodes reach them on their private
     * cable. The bridge's namespace is not this lab's: it is neither made nor removed here, only the
     * servers' ports on it (named {@link #port}).
     *
     * @param bridge the namespace holding the bridge br0, or null for a bridge of this lab's own
     */
    public ZooKeeperLab(Path root, int tickMillis, String bridge) throws IOException, InterruptedException {
        this(root, tickMillis, Options.PLAIN, bridge);
    }

    /**
     * @param options plain or TLS-only, SASL or not
     * @param bridge the namespace holding the bridge br0, or null for a bridge of this lab's own
     */
    public ZooKeeperLab(Path root, int tickMillis, Options options, String bridge) throws IOException, InterruptedException {
        NetnsLab.requireLab();
        this.root = root;
        this.tickMillis = tickMillis;
        this.options = options;
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.name = "ipzk" + HexFormat.of().formatHex(random);
        this.cleanup = new Thread(this::remove, "zk-lab-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanup);
        if (bridge == null) {
            this.bridge = name + "-br";
            addNamespace(this.bridge);
            NetnsLab.run("ip", "-n", this.bridge, "link", "add", "br0", "type", "bridge");
            NetnsLab.run("ip", "-n", this.bridge, "link", "set", "br0", "up");
        } else {
            this.bridge = bridge;
        }
        for (int id = 1; id <= 3; id++) {
            attach("zk" + id, "203.0.113.1" + id);
        }
        for (int id = 1; id <= 3; id++) {
            writeServerFiles(id);
            startServer(id);
        }
        awaitEnsemble(3);
    }

    /** @return the client connect string: the three servers */
    public String connectString() {
        int port = options.tls().isPresent() ? SECURE_CLIENT_PORT : CLIENT_PORT;
        return IntStream.rangeClosed(1, 3).mapToObj(id -> "203.0.113.1" + id + ":" + port).collect(Collectors.joining(","));
    }

    /** Adds a client host: a namespace with eth0 on the bridge, at 203.0.113.(21 + index). */
    public String addHost(String host) throws IOException, InterruptedException {
        String address = "203.0.113." + (21 + hosts.size());
        attach(host, address);
        hosts.put(host, address);
        return address;
    }

    public String namespace(String host) {
        return name + "-" + host;
    }

    /** @return the bridge port of server {@code id} (1 to 3), e.g. for {@link NetnsLab#cut} */
    public static String port(int id) {
        return "p-zk" + id;
    }

    /** A host's cable out or in: its eth0 down or up. */
    public void cable(String host, boolean up) throws IOException, InterruptedException {
        NetnsLab.run("ip", "-n", namespace(host), "link", "set", "eth0", up ? "up" : "down");
    }

    /** SIGKILL of one server's JVM. */
    public void kill(int id) throws InterruptedException {
        Process server = servers.remove(id);
        if (server != null) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a killed server again, with its data. */
    public void restart(int id) throws IOException {
        startServer(id);
    }

    /** Waits until {@code count} servers serve: one leads, the others follow. */
    public void awaitEnsemble(int count) throws InterruptedException {
        try {
            Await.awaitTrue(count + " ZooKeeper servers to form the ensemble", Duration.ofSeconds(60), () -> serving() >= count);
        } catch (AssertionError e) {
            StringBuilder consoles = new StringBuilder(e.getMessage());
            for (int id : servers.keySet()) {
                consoles.append("\nzk").append(id).append(" console: ").append(tail(serverDir(id).resolve("console.out")))
                        .append("\nzk").append(id).append(" log: ").append(tail(serverDir(id).resolve("server.log")));
            }
            throw new AssertionError(consoles.toString(), e);
        }
    }

    /** @return the ids of the servers that are up, the leader's first */
    public List<Integer> leaderFirst() throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (int id : servers.keySet()) {
            if (role(id).equals("leading")) {
                ids.add(0, id);
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /** @return leading, following, or "" for a server, from the last role change in its log */
    public String role(int id) throws IOException {
        Path log = serverDir(id).resolve("server.log");
        if (!Files.exists(log)) {
            return "";
        }
        String role = "";
        byte[] bytes = Files.readAllBytes(log);
        int from = (int) Math.min(bytes.length, logStart.getOrDefault(id, 0L));
        for (String line : new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int at = line.indexOf("Peer state changed: ");
            if (at >= 0) {
                String state = line.substring(at + "Peer state changed: ".length()).trim();
                role = state.equals("leading - broadcast") ? "leading" : state.equals("following - broadcast") ? "following" : "";
            }
        }
        return role;
    }

    private int serving() {
        int count = 0;
        for (int id : servers.keySet()) {
            try {
                if (!role(id).isEmpty()) {
                    count++;
                }
            } catch (IOException e) {
                // not written yet
            }
        }
        return count;
    }

    private Path serverDir(int id) {
        return root.resolve("zk" + id);
    }

    private void writeServerFiles(int id) throws IOException {
        Path dir = serverDir(id);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/myid"), id + "\n");
        StringBuilder cfg = new StringBuilder()
                .append("tickTime=").append(tickMillis).append('\n')
                .append("initLimit=20\nsyncLimit=5\n")
                .append("dataDir=").append(dir.resolve("data")).append('\n')
                .append("admin.enableServer=false\n")
                .append("4lw.commands.whitelist=srvr\n");
        clientPorts(cfg, id);
        if (!options.saslUsers().isEmpty()) {
            cfg.append("authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n")
                    .append("enforce.auth.enabled=true\nenforce.auth.schemes=sasl\n");
            StringBuilder jaas = new StringBuilder("Server {\n    org.apache.zookeeper.server.auth.DigestLoginModule required");
            options.saslUsers().forEach((user, password) -> jaas.append("\n    user_").append(user).append("=\"").append(password).append('"'));
            Files.writeString(dir.resolve("jaas.conf"), jaas.append(";\n};\n").toString());
        }
        for (int peer = 1; peer <= 3; peer++) {
            cfg.append("server.").append(peer).append("=203.0.113.1").append(peer).append(":2888:3888\n");
        }
        Files.writeString(dir.resolve("zoo.cfg"), cfg.toString());
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{30} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="file"/></root>
                </configuration>
                """.formatted(dir.resolve("server.log")));
    }

    /** zoo.cfg's client side: the plain port, or only the TLS one (the ssl.* lines are the server's zookeeper.ssl.* settings). */
    private void clientPorts(StringBuilder cfg, int id) {
        String address = "203.0.113.1" + id;
        if (options.tls().isEmpty()) {
            cfg.append("clientPort=").append(CLIENT_PORT).append("\nclientPortAddress=").append(address).append('\n');
            return;
        }
        ServerTls tls = options.tls().get();
        cfg.append("secureClientPort=").append(SECURE_CLIENT_PORT).append("\nsecureClientPortAddress=").append(address).append('\n')
                .append("serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n")
                .append("ssl.keyStore.location=").append(tls.keyStore()).append("\nssl.keyStore.type=PKCS12\n")
                .append("ssl.keyStore.password=").append(tls.keyStorePassword()).append('\n')
                .append("ssl.trustStore.location=").append(tls.trustStore()).append("\nssl.trustStore.type=PEM\n");
    }

    private void startServer(int id) throws IOException {
        Path dir = serverDir(id);
        Path log = dir.resolve("server.log");
        logStart.put(id, Files.exists(log) ? Files.size(log) : 0L);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace("zk" + id), javaCommand(), "-Xmx64m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-Dzookeeper.admin.enableServer=false"));
        if (!options.saslUsers().isEmpty()) {
            command.add("-Djava.security.auth.login.config=" + dir.resolve("jaas.conf"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                dir.resolve("zoo.cfg").toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.out").toFile())).start();
        servers.put(id, server);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void attach(String host, String address) throws IOException, InterruptedException {
        String namespace = namespace(host);
        addNamespace(namespace);
        NetnsLab.run("ip", "-n", bridge, "link", "add", "name", "p-" + host, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        NetnsLab.run("ip", "-n", bridge, "link", "set", "p-" + host, "master", "br0", "up");
        NetnsLab.run("ip", "-n", namespace, "link", "set", "eth0", "up");
        NetnsLab.run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
    }

    private void addNamespace(String namespace) throws IOException, InterruptedException {
        NetnsLab.run("ip", "netns", "add", namespace);
        namespaces.add(namespace);
        NetnsLab.run("ip", "-n", namespace, "link", "set", "lo", "up");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    /** @return a server's log, for a failing test's message */
    public String serverLog(int id) {
        try {
            return Files.readString(serverDir(id).resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
    }

    private void remove() {
        for (Process server : servers.values()) {
            server.destroyForcibly();
            try {
                server.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.clear();
        for (String namespace : namespaces) {
            try {
                new ProcessBuilder("ip", "netns", "del", namespace).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                System.err.println("could not remove namespace " + namespace + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        namespaces.clear();
    }
}
