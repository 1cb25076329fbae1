package org.ipfailover.dist;

import static org.ipfailover.test.support.Await.awaitTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node started with {@code <launcher> --daemon} from an installed layout, with no IPFAILOVER_HOME: the
 * layout alone says where its home is. It beats to itself on loopback, on a port no other test uses.
 */
final class InstalledNode implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** the class archive is left out: it would cost a second of CPU at the stop and test nothing of the layout */
    static final Map<String, String> ENV = Map.of("IPFAILOVER_CDS", "off");

    private final Process process;
    private final Path console;

    private InstalledNode(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** Writes a node file and its key, as an operator does before the first start. */
    static void configure(Path conf, String id) throws IOException {
        Path key = conf.resolve("ipfailover.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(conf.resolve("org.ipfailover.node.cfg"), "id = " + id + "\nport = " + port + "\nnetworks = lo=127.0.0.1\n");
    }

    static InstalledNode start(Path launcher, Path socket, Path console) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--daemon").redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Command.LAUNCHER_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(ENV);
        InstalledNode node = new InstalledNode(builder.start(), console);
        awaitTrue("the control socket " + socket, START_TIMEOUT, () -> {
            if (!node.process.isAlive()) {
                throw new AssertionError("the node exited " + node.process.exitValue() + ": " + Files.readString(console));
            }
            return Files.exists(socket);
        });
        return node;
    }

    /** @return the exit status after SIGTERM */
    int terminate() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the node did not stop within 60 s of SIGTERM: " + Files.readString(console));
        }
        return process.exitValue();
    }

    List<String> console() throws IOException {
        return Files.readAllLines(console);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
