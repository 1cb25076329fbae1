package org.ipfailover.api.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The checks a bundle's components make of their configuration at activation, offered for
 * {@code ipfailover check-config}, which runs them without a node: outside any framework, on a
 * plain class path of the node's bundles, found through {@link java.util.ServiceLoader} (a
 * provider names its class in {@code META-INF/services/org.ipfailover.api.config.ConfigurationRules}).
 * An implementation calls the very code its components call, so that a file the check passes is
 * one the components take.
 */
@ConsumerType
public interface ConfigurationRules {
    /** @return the PIDs and factory PIDs whose configurations these rules check */
    Set<String> pids();

    /**
     * @param pid the PID, or the factory PID of a factory configuration
     * @param properties the configuration as ConfigAdmin would hand it to the component, with
     *        {@link ConfigurationCheck#FILEINSTALL_FILENAME} naming its file
     * @param home the node's home, against which configured paths are resolved
     * @return what the components would refuse, one line each as {@link ConfigurationCheck}
     *         words it; empty when they would take the configuration
     */
    List<String> problems(String pid, Map<String, Object> properties, Path home);
}
