package org.ipfailover.netif.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.Vip;
import org.ipfailover.process.internal.ProcessRunner;

/**
 * Linux: iproute2 adds and removes addresses, arping and ndptool announce them. Whether an
 * interface exists is read from /proc without a fork, or asked of ip for a named namespace. Links
 * are watched by {@code ip monitor} ({@link LinkMonitor}).
 */
final class Iproute2Backend implements OfferedBackend {
    static final String NAME = "iproute2";
    private static final String WITHDRAWN = "the network backend " + NAME + " was withdrawn";

    private final Tool ip = Tool.locate("ip", "iproute2", "add and remove addresses");
    private final Tool arping = Tool.locate("arping", "iputils-arping", "announce IPv4 addresses");
    private final Tool ndptool = Tool.locate("ndptool", "libndp-tools", "announce IPv6 addresses");
    private final IpCommands commands;
    private final CommandRunner runner;
    private final Announcer announcer;
    private final boolean namespaced;
    private final Path devices;
    private final Set<LinkMonitor> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean withdrawn;

    Iproute2Backend(NetifSettings settings, ScheduledExecutorService scheduler, ProcessRunner processes) {
        this(settings, new CommandRunner(processes, settings.commandTimeout()), scheduler);
    }

    private Iproute2Backend(NetifSettings settings, CommandRunner runner, ScheduledExecutorService scheduler) {
        this(settings, runner, new Announcer(runner, scheduler, settings.arpCount(), settings.arpInterval()), DeviceList.OWN);
    }

    /** @param devices the interface list of the node's own namespace, used when no namespace is configured */
    Iproute2Backend(NetifSettings settings, CommandRunner runner, Announcer announcer, Path devices) {
        this.commands = new IpCommands(ip, arping, ndptool, settings.namespace(), settings.label());
        this.runner = runner;
        this.announcer = announcer;
        this.namespaced = !settings.namespace().isEmpty();
        this.devices = devices;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Tool> tools() {
        return List.of(ip, arping, ndptool);
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        ip.require("add " + vip);
        CommandResult result = runner.run(commands.add(vip));
        if (!result.succeeded() && !Idempotence.alreadyAdded(result)) {
            throw result.failure();
        }
    }

    @Override
    public void release(Vip vip) throws BackendException {
        ip.require("remove " + vip);
        announcer.cancel(vip);
        CommandResult result = runner.run(commands.remove(vip));
        if (!result.succeeded() && !Idempotence.alreadyRemoved(result)) {
            throw result.failure();
        }
    }

    @Override
    public void announce(Vip vip) throws BackendException {
        (vip.ipv6() ? ndptool : arping).require("announce " + vip);
        if (namespaced) {
            ip.require("announce " + vip + " in its network namespace");
        }
        announcer.announce(vip, commands.announce(vip));
    }

    @Override
    public Set<Vip> held(String device) throws BackendException {
        ip.require("read the addresses of " + device);
        CommandResult result = runner.run(commands.show(device)).orThrow();
        try {
            return IpAddrJson.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            throw new BackendException("cannot read the output of `" + result.commandLine() + "`: " + e.getMessage(), e);
        }
    }

    @Override
    public LinkWatch watchLinks(LinkListener listener) throws BackendException {
        ip.require("watch the interfaces");
        LinkMonitor watch = new LinkMonitor(commands, runner, listener, watches::remove);
        watches.add(watch);
        // after the add: a close that comes later sees the watch
        if (withdrawn) {
            watch.close();
            throw new BackendException(WITHDRAWN);
        }
        watch.start();
        return watch;
    }

    @Override
    public void close() {
        withdrawn = true;
        watches.forEach(watch -> watch.end(WITHDRAWN));
    }

    @Override
    public boolean hasInterface(String device) throws BackendException {
        if (!namespaced) {
            return DeviceList.lists(devices, device);
        }
        ip.require("read the interfaces of its network namespace");
        CommandResult result = runner.run(commands.link(device));
        if (result.failedSaying(List.of("does not exist"))) {
            return false;
        }
        result.orThrow();
        return true;
    }
}
