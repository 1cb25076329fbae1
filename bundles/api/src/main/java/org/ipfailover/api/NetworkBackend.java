package org.ipfailover.api;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds, removes and announces addresses on this host's interfaces (iproute2 and arping on Linux,
 * ifconfig on macOS/BSD). The detector uses the highest-ranked one. Every method is idempotent:
 * adding an address the interface holds, or removing one it does not, succeeds.
 */
@ConsumerType
public interface NetworkBackend {
    /** @return a short name for logs and status, e.g. "iproute2" */
    String name();

    /**
     * @param vip the address to add
     * @throws BackendException when the address could not be added
     */
    void acquire(Vip vip) throws BackendException;

    /**
     * @param vip the address to remove
     * @throws BackendException when the address could not be removed
     */
    void release(Vip vip) throws BackendException;

    /**
     * Tells the segment that this host now answers for the address (gratuitous ARP, unsolicited
     * neighbour advertisement).
     *
     * @param vip an address this host holds
     * @throws BackendException when the announcement could not be sent
     */
    void announce(Vip vip) throws BackendException;

    /**
     * @param device an interface name
     * @return the addresses the interface holds now, each with that interface and its prefix
     * @throws BackendException when the interface could not be read
     */
    Set<Vip> held(String device) throws BackendException;

    /**
     * Whether this host has the interface, so that a configuration naming one it lacks is refused
     * before it removes anything.
     *
     * @param device an interface name
     * @return false when this host has no such interface; true when it has, or cannot tell
     * @throws BackendException when the interfaces could not be read
     */
    default boolean hasInterface(String device) throws BackendException {
        return true;
    }

    /**
     * Watches this host's interfaces, event-driven (netlink, or a long-lived monitor process), so
     * that a holder notices a pulled cable at once. The listener is told every interface's state
     * before this returns (an interface it is not told of counts as missing), then every change,
     * until the watch is closed.
     *
     * @param listener told the states
     * @return the running watch
     * @throws BackendException when this backend cannot watch links (the default)
     */
    default LinkWatch watchLinks(LinkListener listener) throws BackendException {
        throw new BackendException(name() + " cannot watch links");
    }
}
