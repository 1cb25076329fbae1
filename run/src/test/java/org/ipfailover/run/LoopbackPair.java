package org.ipfailover.run;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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

/**
 * Two real nodes, pri and sec, on one host: each has its home, its own two loopback addresses as
 * its "public" and "private" networks, the same key, one group "web", and the recording backend.
 */
final class LoopbackPair implements AutoCloseable {
    static final Map<String, String[]> ADDRESSES = Map.of(
            "pri", new String[] {"127.0.0.11", "127.0.0.12"},
            "sec", new String[] {"127.0.0.21", "127.0.0.22"});

    /** A network namespace that no test creates. */
    static final String ABSENT_NAMESPACE = "ipfo-loopback-absent-" + ProcessHandle.current().pid();

    final Path root;
    final int port;
    final String key;
    private final Map<String, NodeProcess> nodes = new TreeMap<>();

    LoopbackPair(Path root, String groupSettings) throws IOException {
        this.root = root;
        this.port = freeUdpPort();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = HexFormat.of().formatHex(random);
        for (String node : ADDRESSES.keySet()) {
            Path home = home(node);
            Files.createDirectories(home.resolve("conf"));
            Path keyFile = home.resolve("conf/ipfailover.key");
            Files.writeString(keyFile, key + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            writeNodeConfig(node, peerOf(node), "");
            Files.writeString(home.resolve("conf/org.ipfailover.group-web.cfg"),
                    "nodes = pri, sec\nvips = eth0:198.51.100.10/24\n" + groupSettings);
            FixtureBundle.write(home.resolve("plugins/fixture.jar"));
            // these nodes run in the root namespace: should the fixture's backend ever be missing, the node's own
            // backend works in a namespace that does not exist and can touch none of this host's interfaces
            Files.writeString(home.resolve("conf/org.ipfailover.netif.cfg"), "namespace = " + ABSENT_NAMESPACE + "\n");
        }
    }

    Path home(String node) {
        return root.resolve(node);
    }

    static String peerOf(String node) {
        return node.equals("pri") ? "sec" : "pri";
    }

    /** @param privateDestination where the node's private beats go; null for its peer */
    void writeNodeConfig(String node, String peer, String privateDestination) throws IOException {
        String[] own = ADDRESSES.get(node);
        String[] other = ADDRESSES.get(peer);
        String destination = privateDestination == null || privateDestination.isEmpty() ? other[1] : privateDestination;
        String text = "id = " + node + "\nport = " + port + "\ninterval = 100\ndeadTime = 400\n"
                + "networks = public=" + other[0] + "; private=" + destination + "\n"
                + "bind = public=" + own[0] + "; private=" + own[1] + "\n";
        Path target = home(node).resolve("conf/org.ipfailover.node.cfg");
        Path temp = Files.createTempFile(home(node), "node", ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    NodeProcess start(String node) throws IOException, InterruptedException {
        NodeProcess process = NodeProcess.start(home(node));
        nodes.put(node, process);
        return process;
    }

    NodeProcess node(String node) {
        return nodes.get(node);
    }

    String state(String node) {
        return nodes.get(node).groupState("web");
    }

    void awaitState(String node, String state, Duration timeout) throws InterruptedException {
        nodes.get(node).await(node + " to be " + state + " (is " + state(node) + ")", timeout, () -> state.equals(state(node)));
    }

    /** @return the backend's log of a node: each line epoch-micros, operation, address */
    List<String[]> recording(String node) throws IOException {
        Path log = home(node).resolve("var/recording-backend.log");
        List<String[]> entries = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                entries.add(line.split(" "));
            }
        }
        return entries;
    }

    /** @return epoch micros of the first entry of this operation after {@code afterMicros}, or -1 */
    long first(String node, String operation, long afterMicros) throws IOException {
        for (String[] entry : recording(node)) {
            long at = Long.parseLong(entry[0]);
            if (entry[1].equals(operation) && at > afterMicros) {
                return at;
            }
        }
        return -1;
    }

    /** A host that dies: the process is killed and, like a rebooted kernel, the backend forgets what it held. */
    void crash(String node) throws InterruptedException, IOException {
        kill(node);
        Path held = home(node).resolve("var/recording-backend.held");
        Files.deleteIfExists(held);
        long micros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
        Files.writeString(home(node).resolve("var/recording-backend.log"), micros + " release host-crashed\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    void kill(String node) throws InterruptedException {
        NodeProcess process = nodes.remove(node);
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (String node : List.copyOf(nodes.keySet())) {
            kill(node);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return socket.getLocalPort();
        }
    }
}
