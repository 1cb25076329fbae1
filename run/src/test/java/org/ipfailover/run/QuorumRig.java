package org.ipfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The lab of {@link NetnsQuorumIT}: node hosts pri, sec and ter ({@link NetnsLab}) and a real
 * three-server ZooKeeper ensemble on their private segment ({@link ZooKeeperLab}, servers at
 * 203.0.113.11-13), where an administrator puts it: a node's private cable is also its way to the
 * ensemble. Made once for a test class, since the ensemble takes seconds to form; {@link #reset()}
 * brings it back to a known state between tests (no node, no cut, no address, every server up),
 * and each test's nodes use a ZooKeeper base path of their own.
 */
final class QuorumRig implements AutoCloseable {
    static final int TICK_MILLIS = 200;
    static final int SESSION_MILLIS = 4000;
    static final String VIP_WEB = NetnsLab.VIP;
    static final String VIP_DB = "198.51.100.20";
    static final List<String> NODES = List.of("pri", "sec", "ter");
    static final Duration SETTLE = LabSuite.SETTLE;

    final NetnsLab lab;
    final ZooKeeperLab zk;
    private final Set<Integer> down = new TreeSet<>();
    private final Map<String, AddressMonitor> monitors = new LinkedHashMap<>();
    private int tests;

    private QuorumRig(NetnsLab lab, ZooKeeperLab zk) {
        this.lab = lab;
        this.zk = zk;
    }

    static QuorumRig start(Path root) throws IOException, InterruptedException {
        NetnsLab lab = new NetnsLab(root.resolve("lab"), "", false, NODES);
        try {
            return new QuorumRig(lab, new ZooKeeperLab(root.resolve("zk"), TICK_MILLIS, lab.namespace("prv")));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /**
     * One test's configuration on every node host: the node (with {@code onQuorumLoss}), the quorum
     * under a base path of the test's own, and the groups (name to file content); the homes' var/
     * and log/ are emptied. Starts the address monitors of the hosts.
     */
    void configure(String onQuorumLoss, Map<String, String> groups) throws IOException {
        tests++;
        for (String node : NODES) {
            Path home = lab.home(node);
            for (String folder : List.of("var", "log")) {
                delete(home.resolve(folder));
            }
            try (Stream<Path> files = Files.list(home.resolve("conf"))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("org.ipfailover.group-")).toList()) {
                    Files.delete(file);
                }
            }
            writeNode(node, onQuorumLoss);
            lab.writeConf(node, "org.ipfailover.quorum.zookeeper.cfg", "connectString = " + zk.connectString()
                    + "\nsessionTimeoutMillis = " + SESSION_MILLIS + "\nconnectionTimeoutMillis = 2000\nbasePath = /ipfailover/test"
                    + tests + "\n");
            for (Map.Entry<String, String> group : groups.entrySet()) {
                lab.writeConf(node, "org.ipfailover.group-" + group.getKey() + ".cfg", group.getValue());
            }
        }
        for (String host : NODES) {
            monitors.put(host, lab.monitor(host));
        }
    }

    /** Rewrites the node's configuration: the running detector is replaced by one with the new settings. */
    void writeNode(String node, String onQuorumLoss) throws IOException {
        lab.writeNodeConfig(node, "onQuorumLoss = " + onQuorumLoss + "\n");
    }

    HolderWatch watch(String address) {
        return new HolderWatch(monitors, address);
    }

    NodeProcess start(String node) throws IOException, InterruptedException {
        return lab.start(node);
    }

    NodeProcess node(String node) {
        return lab.node(node);
    }

    String state(String node, String group) {
        NodeProcess process = lab.node(node);
        return process == null ? "-" : process.groupState(group);
    }

    void awaitState(String node, String group, String state, Duration timeout) throws InterruptedException {
        lab.node(node).await(node + " to be " + state + " for " + group + " (is " + state(node, group) + ")", timeout,
                () -> state.equals(state(node, group)));
    }

    /** The host dies: its node is killed, its cables pulled, and its addresses go with its kernel. */
    void powerOff(String node) throws IOException, InterruptedException {
        lab.crash(node);
        dropAddresses(node);
    }

    /** The host that was powered off boots (cables in, no address) and its node starts. */
    NodeProcess boot(String node) throws IOException, InterruptedException {
        lab.reboot(node);
        return lab.start(node);
    }

    /** @return the hosts whose kernel has the address now */
    List<String> holders(String address) {
        List<String> holders = new ArrayList<>();
        for (String host : NODES) {
            try {
                if (lab.holds(host, address)) {
                    holders.add(host);
                }
            } catch (IOException e) {
                throw new AssertionError("cannot look at " + host + "'s addresses: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return holders;
    }

    /** Kills a server (SIGKILL); {@link #reset()} starts it again if the test did not. */
    void killServer(int id) throws InterruptedException {
        zk.kill(id);
        down.add(id);
    }

    /** Starts the servers killed and waits for the three of them to serve. */
    void restartServers() throws IOException, InterruptedException {
        for (int id : down) {
            zk.restart(id);
        }
        down.clear();
        zk.awaitEnsemble(3);
    }

    /** @return one row per event of {@code failover:history}, oldest first */
    static List<String> history(NodeProcess node) {
        return LabSuite.out(node, "failover:history", "1000").lines().filter(line -> line.trim().matches("\\d{4}-\\d\\d-\\d\\d.*"))
                .toList();
    }

    /** @return the rows of the node's history of an event type (the third cell) that contain the text */
    static List<String> events(NodeProcess node, String type, String text) {
        return history(node).stream().filter(line -> {
            String[] cells = line.trim().split("\\s+");
            return cells.length > 2 && cells[2].equals(type) && line.contains(text);
        }).toList();
    }

    /**
     * Between tests: nodes killed (their logs kept in run/target/quorum-logs/TEST), cuts healed,
     * cables in, addresses removed, every server up, monitors stopped.
     */
    void reset(String test) throws IOException, InterruptedException {
        for (String node : NODES) {
            lab.kill(node);
            Path log = lab.home(node).resolve("log/ipfailover.log");
            if (Files.exists(log)) {
                Path kept = NodeProcess.DIST.resolve("target/quorum-logs").resolve(test).resolve(node + ".log");
                Files.createDirectories(kept.getParent());
                Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (AddressMonitor monitor : monitors.values()) {
            monitor.stop();
        }
        monitors.clear();
        lab.heal();
        for (String node : NODES) {
            lab.cable(node, "eth0", true);
            lab.cable(node, "eth1", true);
            dropAddresses(node);
        }
        restartServers();
    }

    private void dropAddresses(String node) throws IOException, InterruptedException {
        for (String vip : List.of(VIP_WEB, VIP_DB)) {
            new ProcessBuilder("ip", "-n", lab.namespace(node), "addr", "del", vip + "/24", "dev", "eth0").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            zk.close();
        } finally {
            lab.close();
        }
    }
}
