package org.ipfailover.quorum.zookeeper.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.ipfailover.api.config.ConfigurationCheck;
import org.ipfailover.api.config.NodeConfig;
import org.ipfailover.api.config.NodeHome;
import org.ipfailover.api.quorum.GroupLease;
import org.ipfailover.api.quorum.Lease;
import org.ipfailover.api.quorum.LeaseListener;
import org.ipfailover.api.quorum.QuorumStatus;
import org.ipfailover.threads.internal.Threads;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups' leases in a ZooKeeper ensemble, registered only once {@code org.ipfailover.quorum.zookeeper}
 * is configured and valid (a bad value leaves it unregistered, one ERROR line per key). The node's
 * id, written into the leases it holds, is the heartbeat's: {@code id} of {@code org.ipfailover.node}.
 */
// registers GroupLease itself once the configuration is valid: SCR would register it before activation
@Component(service = {}, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = QuorumConfig.PID)
@Designate(ocd = QuorumConfig.class)
public class ZooKeeperQuorum implements GroupLease {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperQuorum.class);

    private final LeaseKeeper keeper;
    private final ServiceRegistration<GroupLease> registration;
    private final String loginSection;

    @Activate
    public ZooKeeperQuorum(BundleContext context, @Reference ConfigurationAdmin configurations, QuorumConfig config,
            Map<String, Object> properties) {
        ConfigurationCheck check = ConfigurationCheck.of(properties).types(QuorumConfig.class).orThrow(LOG::error);
        Optional<QuorumSettings> checked = QuorumSettings.of(config, nodeId(configurations), path -> NodeHome.resolve(context, path), check);
        check.orThrow(LOG::error);
        QuorumSettings settings = checked.orElseThrow();
        loginSection = settings.sasl().map(login -> SaslLogins.add(login.user(), login.password())).orElse(null);
        try {
            ZKClientConfig clientConfig = ClientSettings.of(settings, loginSection);
            ClientFactory factory = new ClientFactory(clientConfig);
            keeper = new LeaseKeeper(settings, client(settings, factory), settings.tls().isEmpty() ? null
                    : () -> TlsProbe.diagnose(clientConfig, settings.servers(), settings.connectionTimeoutMillis()));
            factory.onLogin(keeper::accepted, keeper::refused);
            keeper.start();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("ZooKeeper quorum: the client for {} could not start", settings.servers(), e);
            removeLoginSection();
            throw e;
        }
        registration = context.registerService(GroupLease.class, this,
                FrameworkUtil.asDictionary(Map.of("ipfailover.quorum", name(), "ipfailover.quorum.servers", settings.servers())));
        LOG.info("ZooKeeper quorum: node {} asks {} ({}) for its groups' leases under {} (session timeout {} ms)",
                settings.nodeId(), settings.servers(), settings.transport(), settings.leasesPath(), settings.sessionTimeoutMillis());
    }

    /** @return {@code id} of the node's configuration, as the heartbeat reads it (empty: the host's name) */
    static String nodeId(ConfigurationAdmin configurations) {
        try {
            Configuration[] node = configurations.listConfigurations("(service.pid=" + NodeConfig.PID + ")");
            Object id = node == null || node[0].getProperties() == null ? null : node[0].getProperties().get("id");
            return NodeHome.nodeId(id == null ? "" : id.toString());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("ZooKeeper quorum: the node's configuration is not readable ({}); the host's name is its id", e.toString());
            return NodeHome.nodeId("");
        }
    }

    static CuratorFramework client(QuorumSettings settings, ClientFactory factory) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .zookeeperFactory(factory)
                .sessionTimeoutMs(settings.sessionTimeoutMillis())
                .connectionTimeoutMs(settings.connectionTimeoutMillis())
                // few retries: a lease that could not be created is asked again on reconnection
                .retryPolicy(new RetryNTimes(2, 200))
                // SUSPENDED counts as lost (Curator's default, said here because safety rests on it)
                .connectionStateErrorPolicy(new StandardConnectionStateErrorPolicy())
                .threadFactory(Threads.named("ipfailover-curator"));
        if (settings.digest().isPresent()) {
            builder.authorization("digest", settings.digest().get().getBytes(StandardCharsets.UTF_8)).aclProvider(new ACLProvider() {
                @Override
                public List<ACL> getDefaultAcl() {
                    return List.of(ZooDefs.Ids.CREATOR_ALL_ACL.get(0), ZooDefs.Ids.READ_ACL_UNSAFE.get(0));
                }

                @Override
                public List<ACL> getAclForPath(String path) {
                    return getDefaultAcl();
                }
            });
        }
        return builder.build();
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        keeper.close();
        removeLoginSection();
    }

    private void removeLoginSection() {
        if (loginSection != null) {
            SaslLogins.remove(loginSection);
        }
    }

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public Lease request(String group, LeaseListener listener) {
        return keeper.request(group, listener);
    }

    @Override
    public QuorumStatus quorum() {
        return keeper.quorum();
    }

    @Override
    public Optional<String> holder(String group) {
        return keeper.holder(group);
    }

    @Override
    public AutoCloseable watchQuorum(Consumer<QuorumStatus> listener) {
        return keeper.watchQuorum(listener);
    }

    /** The session timeout: a crashed holder's znode goes when its session expires. */
    @Override
    public Duration holderExpiry() {
        return keeper.sessionTimeout();
    }
}
