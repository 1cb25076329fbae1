package org.ipfailover.quorum.zookeeper.internal;

import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * Makes Curator's ZooKeeper handles with this quorum's own client settings (TLS, SASL), never
 * through System properties, which the node's other bundles share. The handle is made with the
 * ZooKeeper bundle as the thread's context class loader, which ZooKeeper's connection thread
 * inherits: JAAS loads the SASL login module through it. The SASL login's outcome, which Curator
 * does not report, is passed to {@link #onLogin}'s listeners.
 */
final class ClientFactory implements ZookeeperFactory {
    private final ZKClientConfig config;
    private volatile Runnable refused = () -> { };
    private volatile Runnable accepted = () -> { };

    ClientFactory(ZKClientConfig config) {
        this.config = config;
    }

    void onLogin(Runnable accepted, Runnable refused) {
        this.accepted = accepted;
        this.refused = refused;
    }

    @Override
    public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly) throws Exception {
        return newZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly, config);
    }

    @Override
    public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
            ZKClientConfig ignored) throws Exception {
        Watcher watching = event -> {
            if (event.getState() == Watcher.Event.KeeperState.AuthFailed) {
                refused.run();
            } else if (event.getState() == Watcher.Event.KeeperState.SaslAuthenticated) {
                accepted.run();
            }
            watcher.process(event);
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ZooKeeper.class.getClassLoader());
        try {
            return new ZooKeeper(connectString, sessionTimeout, watching, canBeReadOnly, config);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
