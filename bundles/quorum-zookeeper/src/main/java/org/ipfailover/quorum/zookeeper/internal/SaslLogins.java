package org.ipfailover.quorum.zookeeper.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.server.auth.DigestLoginModule;

/**
 * The JAAS login sections of this bundle's SASL clients, one per client under a name of its own
 * ({@value #PREFIX}n). ZooKeeper's client reads its section from the JVM-wide
 * {@link Configuration#getConfiguration()} and nothing else, so the one JVM-wide step is
 * unavoidable: this Configuration is installed in front of the one it finds, answers for its own
 * names only and passes every other name on, so that other bundles' JAAS logins see no change;
 * it steps back when its last section goes (unless another Configuration was installed in front
 * of it since, which then keeps it as its own delegate, empty).
 */
final class SaslLogins extends Configuration {
    static final String PREFIX = "ipfailover-quorum-zookeeper-";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static SaslLogins installed;

    private final Configuration previous;
    private final Map<String, AppConfigurationEntry[]> sections = new ConcurrentHashMap<>();

    private SaslLogins(Configuration previous) {
        this.previous = previous;
    }

    /**
     * Adds a section that logs in as {@code user} with ZooKeeper's DIGEST-MD5 login module.
     *
     * @return the section's name, for {@code zookeeper.sasl.clientconfig}
     */
    static synchronized String add(String user, String password) {
        if (installed == null) {
            Configuration before;
            try {
                before = Configuration.getConfiguration();
            } catch (SecurityException noneReadable) {
                before = null;
            }
            installed = new SaslLogins(before);
            Configuration.setConfiguration(installed);
        }
        String name = PREFIX + NEXT.incrementAndGet();
        installed.sections.put(name, new AppConfigurationEntry[] {new AppConfigurationEntry(DigestLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", user, "password", password))});
        return name;
    }

    /** Removes a section added by {@link #add}. */
    static synchronized void remove(String name) {
        if (installed == null) {
            return;
        }
        installed.sections.remove(name);
        if (installed.sections.isEmpty() && Configuration.getConfiguration() == installed) {
            Configuration.setConfiguration(installed.previous);
            installed = null;
        }
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        AppConfigurationEntry[] own = sections.get(name);
        if (own != null) {
            return own.clone();
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }

    @Override
    public void refresh() {
        if (previous != null) {
            previous.refresh();
        }
    }
}
