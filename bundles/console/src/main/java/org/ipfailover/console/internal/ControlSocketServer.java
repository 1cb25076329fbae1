package org.ipfailover.console.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.InvalidConfigurationException;
import org.ipfailover.api.config.NodeHome;
import org.ipfailover.threads.internal.Threads;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's end of {@code ipfailover ctl}: a Unix domain socket, readable and writable by the
 * node's user only, that runs one Gogo command line per connection.
 */
@Component(immediate = true, configurationPid = ControlSocketServer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ControlSocketServer.Config.class)
public class ControlSocketServer {
    static final String PID = "org.ipfailover.console";
    static final int TIMED_OUT = ControlConnections.TIMED_OUT;
    /** Connections served at once; more are refused with a message, not queued. */
    static final int MAX_CONNECTIONS = 16;
    /** How long a client may take to send its command; the command's own run time is {@code commandTimeout}. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);

    static final String DEFAULT_SOCKET = "var/ipfailover.sock";
    static final int DEFAULT_TIMEOUT = 60;

    @ObjectClassDefinition(name = "ipfailover control socket",
            description = "The Unix domain socket that `ipfailover ctl` uses to run commands in this node.")
    @interface Config {
        @AttributeDefinition(description = "Path of the control socket; a relative path is taken from the node's home.")
        String socket() default DEFAULT_SOCKET;

        @AttributeDefinition(description = "Seconds one command may run before it is interrupted.", min = "1")
        int commandTimeout() default DEFAULT_TIMEOUT;
    }

    private final BundleContext context;
    private final ControlConnections connections;
    private volatile int commandTimeout;
    private volatile Path socket;
    private volatile ServerSocketChannel server;

    /** A configuration that does not parse leaves the defaults in place: ctl is how the operator fixes things. */
    @Activate
    public ControlSocketServer(BundleContext context, @Reference CommandProcessor processor, Config config,
            Map<String, Object> properties) throws IOException {
        this.context = context;
        this.connections = new ControlConnections(new CommandRunner(processor)::run, MAX_CONNECTIONS, READ_TIMEOUT,
                () -> commandTimeout, () -> socket);
        if (valid(config, properties)) {
            commandTimeout = config.commandTimeout();
            listen(NodeHome.resolve(context, config.socket()));
        } else {
            LOG.warn("Control socket uses its defaults until {} is fixed", ConfigurationCheck.sourceOf(properties));
            commandTimeout = DEFAULT_TIMEOUT;
            listen(NodeHome.resolve(context, DEFAULT_SOCKET));
        }
    }

    @Modified
    void modified(Config next, Map<String, Object> properties) throws IOException {
        if (!valid(next, properties)) {
            LOG.warn("Control socket keeps its previous configuration ({})", socket);
            return;
        }
        commandTimeout = next.commandTimeout();
        Path wanted = NodeHome.resolve(context, next.socket());
        if (!wanted.equals(socket)) {
            close();
            listen(wanted);
        }
    }

    @Deactivate
    void deactivate() {
        close();
        connections.close();
    }

    private static boolean valid(Config config, Map<String, Object> properties) {
        List<String> problems = problems(config, properties);
        problems.forEach(LOG::error);
        return problems.isEmpty();
    }

    /** @return what is wrong with the configuration, one line each; also for {@code ipfailover check-config} */
    static List<String> problems(Config config, Map<String, ?> properties) {
        try {
            ConfigurationCheck.of(properties).types(Config.class).orThrow()
                    .check(!config.socket().isBlank(), "socket", "must name a file path")
                    .check(config.commandTimeout() > 0, "commandTimeout", "must be at least 1 second")
                    .orThrow();
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }

    private void listen(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        removeStale(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        server = channel;
        socket = path;
        Thread acceptor = Threads.named("ipfailover-ctl-accept").newThread(() -> accept(channel));
        acceptor.start();
        LOG.info("Control socket listening at {}", path);
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException staleSocket) {
            Files.delete(path);
            return;
        }
        throw new IOException("another node already answers on " + path + "; not starting a second control socket");
    }

    private void accept(ServerSocketChannel channel) {
        while (channel.isOpen()) {
            try {
                connections.accept(channel.accept());
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("Control socket {}: accept failed: {}", socket, e.getMessage());
            }
        }
    }

    private void close() {
        ServerSocketChannel channel = server;
        if (channel == null) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Control socket {}: could not remove it: {}", socket, e.getMessage());
        }
        server = null;
    }
}
